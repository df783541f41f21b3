import { randomUUID } from 'node:crypto';
import { readStackEndpoints } from '@platform/stack-endpoints';
import { eventually } from '@platform/testing';
import { PostgresDatabase } from '../src/database/postgres-database';

const { postgres } = readStackEndpoints();

describe(PostgresDatabase.name, () => {
  // The messaging library's test database; a table of its own per run keeps runs apart.
  const table = `service_kit_spec_${randomUUID().replaceAll('-', '')}`;
  const connection = {
    host: postgres.host,
    port: postgres.port,
    user: 'messaging_test',
    password: 'messaging_test',
    database: 'messaging_test',
  };
  const db = new PostgresDatabase(connection);
  const values = async () =>
    (await db.query<{ value: string }>(`SELECT value FROM ${table} ORDER BY value`)).rows.map(
      (row) => row.value,
    );

  beforeAll(async () => {
    await db.onModuleInit();
    await db.query(`CREATE TABLE ${table} (value text PRIMARY KEY)`);
  });

  afterAll(async () => {
    await db.query(`DROP TABLE IF EXISTS ${table}`);
    await db.onApplicationShutdown();
  });

  it('commits what the work did and returns its result', async () => {
    const result = await db.transaction(async (tx) => {
      await tx.query(`INSERT INTO ${table} (value) VALUES ('a'), ('b')`);
      return 'done';
    });

    expect(result).toBe('done');
    expect(await values()).toEqual(['a', 'b']);
  });

  it('rolls back everything the work did when it throws, and rethrows', async () => {
    const failing = db.transaction(async (tx) => {
      await tx.query(`INSERT INTO ${table} (value) VALUES ('c')`);
      throw new Error('charge declined');
    });

    await expect(failing).rejects.toThrow('charge declined');
    expect(await values()).toEqual(['a', 'b']);
  });

  it('rolls back when a statement fails, and returns the connection to the pool', async () => {
    const failing = db.transaction(async (tx) => {
      await tx.query(`INSERT INTO ${table} (value) VALUES ('d')`);
      await tx.query(`INSERT INTO ${table} (value) VALUES ('a')`);
    });

    await expect(failing).rejects.toThrow(/duplicate key/);
    expect(await values()).toEqual(['a', 'b']);
    expect(db.pool.idleCount).toBe(db.pool.totalCount);
  });

  it('commits transactions asked for together in one commit, each with its own result', async () => {
    const txids = await Promise.all(['e', 'f', 'g', 'h'].map(insertReturningTxid));

    // 'e' ran alone at once; the three asked for while it ran shared the next commit.
    expect(new Set(txids.slice(1)).size).toBe(1);
    expect(txids[0]).not.toBe(txids[1]);
    expect(await values()).toEqual(['a', 'b', 'e', 'f', 'g', 'h']);
  });

  it('rejects only the transaction that failed in a shared commit; the others commit', async () => {
    const duplicate = async () => {
      await db.transaction(async (tx) => {
        await tx.query(`INSERT INTO ${table} (value) VALUES ('a')`);
      });
    };

    const results = await Promise.allSettled([
      insertReturningTxid('i'),
      insertReturningTxid('j'),
      duplicate(),
      insertReturningTxid('k'),
    ]);

    expect(results.map((result) => result.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect((results[2] as PromiseRejectedResult).reason).toEqual(expect.objectContaining({ code: '23505' }));
    expect(await values()).toEqual(['a', 'b', 'e', 'f', 'g', 'h', 'i', 'j', 'k']);
    expect(db.pool.idleCount).toBe(db.pool.totalCount);
  });

  function insertReturningTxid(value: string): Promise<string> {
    return db.transaction(async (tx) => {
      await tx.query(`INSERT INTO ${table} (value) VALUES ($1)`, [value]);
      return (await tx.query<{ txid: string }>('SELECT txid_current()::text AS txid')).rows[0]!.txid;
    });
  }

  it('purges outbox rows Debezium has had for a while when it holds the outbox', async () => {
    const topic = `test.purge-${randomUUID().slice(0, 8)}`;
    const insert = (age: string) =>
      db.query(
        `INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload, ce_source, created_at)
         VALUES ($1, $2, 'k', 'SeatReserved', '{}', 'spec', now() - $3::interval)`,
        [randomUUID(), topic, age],
      );
    await insert('1 minute');
    await insert('0 seconds');
    const purging = new PostgresDatabase(connection, { purgesOutbox: true });

    await purging.onModuleInit();
    const left = await eventually('the old row purged', async () => {
      const { rows } = await db.query<{ age: string }>(
        `SELECT (now() - created_at > interval '30 seconds')::text AS age FROM outbox WHERE aggregatetype = $1`,
        [topic],
      );
      return rows.length === 1 ? rows : undefined;
    });

    expect(left).toEqual([{ age: 'false' }]);
    await purging.onApplicationShutdown();
    await db.query('DELETE FROM outbox WHERE aggregatetype = $1', [topic]);
  });
});
