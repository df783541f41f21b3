import { randomUUID } from 'node:crypto';
import { Pool, type PoolClient } from 'pg';
import { GroupCommit, type Queryable } from '@platform/persistence';
import { messagingTestDatabase } from './support/messaging-test-database';
import { addToOutbox, purgeOutbox, type OutboxRecord } from '../src/outbox/outbox.writer';

// The outbox writer on the real Postgres: every record of a call in one INSERT that commits or
// rolls back with the caller's transaction, and rows deleted later in bulk by age.
describe('outbox writer', () => {
  const pool = new Pool(messagingTestDatabase);
  const topic = `test.outbox-writer-${randomUUID().slice(0, 8)}`;
  const record = (n: number): OutboxRecord => ({
    id: randomUUID(),
    topic,
    key: `key-${n}`,
    type: 'SeatReserved',
    data: { n },
    source: 'outbox-writer-spec',
    time: new Date().toISOString(),
    correlationId: `corr-${n}`,
  });
  const rowsOf = async () =>
    (
      await pool.query<{ aggregateid: string; payload: string; correlation_id: string }>(
        `SELECT aggregateid, convert_from(payload, 'UTF8') AS payload, correlation_id
           FROM outbox WHERE aggregatetype = $1 ORDER BY aggregateid`,
        [topic],
      )
    ).rows;

  afterAll(async () => {
    await pool.query('DELETE FROM outbox WHERE aggregatetype = $1', [topic]);
    await pool.end();
  });

  it('writes every record of a call with its columns, and none when the transaction rolls back', async () => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await addToOutbox(client, [record(1), record(2), record(3)]);
      await client.query('ROLLBACK');
      expect(await rowsOf()).toEqual([]);

      await client.query('BEGIN');
      await addToOutbox(client, [record(1), record(2)]);
      await addToOutbox(client, record(3));
      await addToOutbox(client, []);
      await client.query('COMMIT');
    } finally {
      client.release();
    }

    expect(await rowsOf()).toEqual(
      // The payload is stored as the writer serialised it, byte for byte (it is published as is).
      [1, 2, 3].map((n) => ({
        aggregateid: `key-${n}`,
        payload: JSON.stringify({ n }),
        correlation_id: `corr-${n}`,
      })),
    );
  });

  it('purges rows older than it is told, and leaves younger ones', async () => {
    await pool.query(
      "UPDATE outbox SET created_at = now() - interval '1 minute' WHERE aggregatetype = $1 AND aggregateid <> 'key-3'",
      [topic],
    );

    expect(await purgeOutbox(pool, 30_000)).toBeGreaterThanOrEqual(2);

    expect((await rowsOf()).map((row) => row.aggregateid)).toEqual(['key-3']);
  });

  it("in a group commit, inserts every unit's records at the commit in one statement; a failing unit's go with it", async () => {
    // Its own pool: the clients' query is wrapped to see the statements.
    const counted = new Pool({ ...messagingTestDatabase, max: 2 });
    const outboxInserts: string[] = [];
    const watched = new WeakSet<PoolClient>();
    const commits = new GroupCommit({
      connect: async (): Promise<PoolClient> => {
        const client = await counted.connect();
        if (watched.has(client)) return client;
        watched.add(client);
        const query = client.query.bind(client) as (...args: unknown[]) => unknown;
        client.query = ((...args: unknown[]) => {
          const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text: string }).text;
          if (text.startsWith('INSERT INTO outbox')) outboxInserts.push(text);
          return query(...args);
        }) as PoolClient['query'];
        return client;
      },
    });
    const add =
      (records: OutboxRecord[], fail = false) =>
      async (tx: Queryable) => {
        await addToOutbox(tx, records);
        if (fail) throw new Error('the unit failed after adding its records');
      };
    // The first unit asked for starts a transaction at once; the ones asked for meanwhile share the next.
    async function afterALoneUnit(lone: OutboxRecord, queued: () => Promise<unknown>[]) {
      const first = commits.transaction(add([lone]));
      const settled = queued().map((unit) =>
        unit.then(
          () => 'committed',
          (error: Error) => error.message,
        ),
      );
      await first;
      return Promise.all(settled);
    }
    try {
      expect(
        await afterALoneUnit(record(10), () => [
          commits.transaction(add([record(11), record(12)])),
          commits.transaction(add([record(13)])),
        ]),
      ).toEqual(['committed', 'committed']);
      expect(
        await afterALoneUnit(record(20), () => [
          commits.transaction(add([record(21)])),
          commits.transaction(add([record(22)], true)),
        ]),
      ).toEqual(['committed', 'the unit failed after adding its records']);
    } finally {
      await counted.end();
    }

    const rowGroups = (text: string) => text.split('), (').length;
    // The lone unit, the two queued ones together; the lone unit, the one whose neighbour failed, again alone.
    expect(outboxInserts.map(rowGroups)).toEqual([1, 3, 1, 1]);
    const keys = (await rowsOf()).map((row) => row.aggregateid).filter((key) => /^key-[12]\d$/.test(key));
    expect(keys).toEqual(['key-10', 'key-11', 'key-12', 'key-13', 'key-20', 'key-21']);
  });
});
