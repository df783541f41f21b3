import { randomUUID } from 'node:crypto';
import { readStackEndpoints } from '@platform/stack-endpoints';
import { PostgresDatabase } from '../src/database/postgres-database';

const { postgres } = readStackEndpoints();

describe(PostgresDatabase.name, () => {
  // The messaging library's test database; a table of its own per run keeps runs apart.
  const table = `service_kit_spec_${randomUUID().replaceAll('-', '')}`;
  const db = new PostgresDatabase({
    host: postgres.host,
    port: postgres.port,
    user: 'messaging_test',
    password: 'messaging_test',
    database: 'messaging_test',
  });
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
});
