import { Client } from 'pg';
import { loadStackConfig } from '../src/stack.config';

/**
 * The shared database of ADR 0009 keeps each service's data its own: a service's role owns its
 * schema and finds its tables there, and may neither use nor create in any other schema.
 */
describe('the shared database', () => {
  const config = loadStackConfig();
  const shared = config.databases.filter((store) => store.shared);
  const schemas = [...shared.map((store) => store.name), config.cdc.schema, 'public'];

  async function signIn(role: string, password: string): Promise<Client> {
    const { host, port } = config.endpoints.postgres;
    const client = new Client({ host, port, user: role, password, database: config.cdc.database });
    await client.connect();
    return client;
  }

  it('holds the four publishing services', () => {
    expect(shared.map((store) => store.name).sort()).toEqual([
      'payment',
      'registration',
      'saga',
      'seat_inventory',
    ]);
  });

  it.each(shared.map((store) => [store.name, store] as const))(
    '%s: its own schema first on its path, no use of another schema and no creating in public',
    async (_name, store) => {
      const client = await signIn(store.owner, store.password);
      try {
        const { rows } = await client.query<{ schema: string; owner: string }>(
          `SELECT current_schema() AS schema, nspowner::regrole::text AS owner
             FROM pg_namespace WHERE nspname = current_schema()`,
        );
        expect(rows[0]).toEqual({ schema: store.name, owner: store.owner });
        const others = schemas.filter((schema) => schema !== store.name && schema !== 'public');
        const privileges = await client.query<{ schema: string; usage: boolean; create: boolean }>(
          `SELECT schema, has_schema_privilege(current_user, schema, 'USAGE') AS usage,
                  has_schema_privilege(current_user, schema, 'CREATE') AS create
             FROM unnest($1::text[]) AS schema`,
          [[...others, 'public']],
        );
        expect(privileges.rows.filter((row) => row.schema !== 'public' && row.usage)).toEqual([]);
        expect(privileges.rows.filter((row) => row.create)).toEqual([]);
        const sagaTable = client.query('SELECT 1 FROM saga.saga_instances LIMIT 1');
        if (store.name === 'saga') await expect(sagaTable).resolves.toBeDefined();
        else await expect(sagaTable).rejects.toThrow(/permission denied for schema saga/);
      } finally {
        await client.end();
      }
    },
  );

  it("lets Debezium's role read every shared schema and own the connector's publication", async () => {
    const client = await signIn(config.cdc.role, config.cdc.password);
    try {
      const { rows } = await client.query<{ schema: string; usage: boolean }>(
        `SELECT schema, has_schema_privilege(current_user, schema, 'USAGE') AS usage FROM unnest($1::text[]) AS schema`,
        [shared.map((store) => store.name)],
      );
      expect(rows.filter((row) => !row.usage)).toEqual([]);
      const publication = await client.query<{ owner: string }>(
        `SELECT pubowner::regrole::text AS owner FROM pg_publication WHERE pubname = 'dbz_platform'`,
      );
      expect(publication.rows).toEqual([{ owner: config.cdc.role }]);
    } finally {
      await client.end();
    }
  });
});
