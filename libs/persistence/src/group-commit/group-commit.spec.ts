import { AsyncLocalStorage } from 'node:async_hooks';
import type { PoolClient } from 'pg';
import type { Queryable } from '../queryable';
import { GroupCommit } from './group-commit';
import { insertsAtCommitOf } from './inserts-at-commit';

/** A connection that logs each statement with the number of the transaction it ran in. */
class RecordingConnections {
  readonly log: string[] = [];
  /** The number of the transaction whose COMMIT fails. */
  failCommitOf: number | undefined;
  refuseConnect = false;
  /** A statement with this among its values fails. */
  failValue: unknown;
  private transactions = 0;

  async connect(): Promise<PoolClient> {
    if (this.refuseConnect) throw new Error('ECONNREFUSED');
    const client = {
      query: async (statement: string | { text: string; values?: unknown[] }, given?: unknown[]) => {
        const { text, values } =
          typeof statement === 'string' ? { text: statement, values: given } : statement;
        if (text === 'BEGIN') this.transactions += 1;
        if (text === 'COMMIT' && this.failCommitOf === this.transactions) throw new Error('COMMIT failed');
        this.log.push(`${this.transactions}:${text}${values ? ` ${JSON.stringify(values)}` : ''}`);
        if (this.failValue !== undefined && values?.includes(this.failValue))
          throw new Error('insert failed');
        return { rows: [], rowCount: 1 };
      },
      on: () => client,
      off: () => client,
      release: () => undefined,
    };
    return client as unknown as PoolClient;
  }
}

const write = (value: string) => async (tx: { query: (text: string) => Promise<unknown> }) => {
  await tx.query(value);
  return value;
};

describe(GroupCommit.name, () => {
  it('runs a lone unit in a transaction of its own at once', async () => {
    const connections = new RecordingConnections();
    const commits = new GroupCommit(connections);

    await expect(commits.transaction(write('a'))).resolves.toBe('a');

    expect(connections.log).toEqual(['1:BEGIN', '1:a', '1:COMMIT']);
  });

  it('carries every unit asked for while a transaction runs in the next one, with one commit', async () => {
    const connections = new RecordingConnections();
    const commits = new GroupCommit(connections);

    const results = await Promise.all(['a', 'b', 'c', 'd'].map((value) => commits.transaction(write(value))));

    expect(results).toEqual(['a', 'b', 'c', 'd']);
    // 'a' started alone; the three asked for while it ran share the second transaction.
    expect(connections.log).toEqual([
      '1:BEGIN',
      '1:a',
      '1:COMMIT',
      '2:BEGIN',
      '2:b',
      '2:c',
      '2:d',
      '2:COMMIT',
    ]);
  });

  it('never puts more than maxBatch units in one transaction', async () => {
    const connections = new RecordingConnections();
    const commits = new GroupCommit(connections, { maxBatch: 2 });

    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((value) => commits.transaction(write(value))));

    expect(connections.log.filter((line) => line.endsWith('COMMIT'))).toHaveLength(3);
  });

  it('rejects only the unit that failed; the others run again alone and commit', async () => {
    const connections = new RecordingConnections();
    const ends: unknown[] = [];
    const commits = new GroupCommit(connections, { onTransactionEnd: (end) => ends.push(end) });
    const first = commits.transaction(write('a'));
    const poison = async (tx: { query: (text: string) => Promise<unknown> }) => {
      await tx.query('poison');
      throw new Error('bad message');
    };

    const [a, b, bad, c] = await Promise.allSettled([
      first,
      commits.transaction(write('b')),
      commits.transaction(poison),
      commits.transaction(write('c')),
    ]);

    expect([a, b, c].map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    expect(bad).toEqual({ status: 'rejected', reason: new Error('bad message') });
    expect(connections.log).toEqual([
      '1:BEGIN',
      '1:a',
      '1:COMMIT',
      '2:BEGIN',
      '2:b',
      '2:poison',
      '2:ROLLBACK',
      '3:BEGIN',
      '3:b',
      '3:COMMIT',
      '4:BEGIN',
      '4:c',
      '4:COMMIT',
    ]);
    expect(ends).toEqual([
      { units: 1, outcome: 'committed' },
      { units: 3, outcome: 'isolated' },
      { units: 1, outcome: 'committed' },
      { units: 1, outcome: 'committed' },
    ]);
  });

  it('rejects every unit of a transaction whose commit fails, mapped to the caller’s error type', async () => {
    const connections = new RecordingConnections();
    const commits = new GroupCommit(connections, {
      mapError: (error) => new Error(`mapped: ${String(error)}`),
    });
    connections.failCommitOf = 2;

    const results = await Promise.allSettled(
      ['a', 'b', 'c'].map((value) => commits.transaction(write(value))),
    );

    expect(results).toEqual([
      { status: 'fulfilled', value: 'a' },
      { status: 'rejected', reason: new Error('mapped: Error: COMMIT failed') },
      { status: 'rejected', reason: new Error('mapped: Error: COMMIT failed') },
    ]);
    expect(connections.log).toEqual(['1:BEGIN', '1:a', '1:COMMIT', '2:BEGIN', '2:b', '2:c', '2:ROLLBACK']);
  });

  it('rejects the batch when no connection can be had, and serves the next one once it can', async () => {
    const connections = new RecordingConnections();
    const commits = new GroupCommit(connections);
    connections.refuseConnect = true;

    await expect(commits.transaction(write('a'))).rejects.toThrow('ECONNREFUSED');

    connections.refuseConnect = false;
    await expect(commits.transaction(write('b'))).resolves.toBe('b');
    expect(commits.waiting).toBe(0);
  });

  it('runs each unit in its caller’s async context, not in the one of the caller that started the batch', async () => {
    const commits = new GroupCommit(new RecordingConnections());
    const caller = new AsyncLocalStorage<string>();
    const seenBy = (name: string) =>
      caller.run(name, () => commits.transaction(async (tx) => (await tx.query(name), caller.getStore())));

    const seen = await Promise.all(['a', 'b', 'c'].map(seenBy));

    expect(seen).toEqual(['a', 'b', 'c']);
  });

  describe('insertAtCommit', () => {
    const adding =
      (...values: string[]) =>
      async (tx: Queryable) => {
        insertsAtCommitOf(tx)!.insertAtCommit('outbox', 'id', [values]);
        insertsAtCommitOf(tx)!.insertAtCommit('other', 'a, b', [[values[0], 'x']]);
        return values.join();
      };

    it("inserts every unit's rows just before the commit, one statement a table, in the order added", async () => {
      const connections = new RecordingConnections();
      const commits = new GroupCommit(connections);
      const first = commits.transaction(write('a'));

      await Promise.all([first, commits.transaction(adding('r1')), commits.transaction(adding('r2'))]);

      expect(connections.log).toEqual([
        '1:BEGIN',
        '1:a',
        '1:COMMIT',
        '2:BEGIN',
        '2:INSERT INTO outbox (id) VALUES ($1), ($2) ["r1","r2"]',
        '2:INSERT INTO other (a, b) VALUES ($1, $2), ($3, $4) ["r1","x","r2","x"]',
        '2:COMMIT',
      ]);
    });

    it('runs the units again alone when that insert fails, so only the unit whose rows fail is rejected', async () => {
      const connections = new RecordingConnections();
      const commits = new GroupCommit(connections);
      connections.failValue = 'bad';
      const first = commits.transaction(write('a'));

      const [, good, bad] = await Promise.allSettled([
        first,
        commits.transaction(adding('good')),
        commits.transaction(adding('bad')),
      ]);

      expect(good).toEqual({ status: 'fulfilled', value: 'good' });
      expect(bad).toEqual({ status: 'rejected', reason: new Error('insert failed') });
      expect(connections.log.filter((line) => /ROLLBACK|COMMIT/.test(line))).toEqual([
        '1:COMMIT',
        '2:ROLLBACK',
        '3:COMMIT',
        '4:ROLLBACK',
      ]);
    });

    it('is not offered outside a transaction of the group commit', () => {
      expect(insertsAtCommitOf({ query: async () => ({}) as never })).toBeUndefined();
    });
  });

  it('refuses a batch size below one', () => {
    expect(() => new GroupCommit(new RecordingConnections(), { maxBatch: 0 })).toThrow(/at least 1/);
  });
});
