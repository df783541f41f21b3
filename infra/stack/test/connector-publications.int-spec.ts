import { alignConnectorPublications } from '../src/provisioning/connector-publications';
import { withPostgresAdmin } from '../src/provisioning/postgres-admin';
import { loadStackConfig } from '../src/stack.config';

// Debezium cannot change a filtered publication itself (ALTER … SET TABLE … WITH is not SQL), so
// `stack up` sets an existing one to its connector's tables before registering the connector.
describe('a connector publication whose tables changed', () => {
  const config = loadStackConfig();
  const publication = 'dbz_alignment_check';
  const connector = (tables: string) => ({
    name: 'alignment-check',
    config: {
      'database.dbname': 'smoke',
      'publication.name': publication,
      'publication.autocreate.mode': 'filtered',
      'table.include.list': tables,
    },
  });
  const onSmoke = <T>(task: Parameters<typeof withPostgresAdmin<T>>[1]) =>
    withPostgresAdmin(config, task, 'smoke');
  const tablesOf = () =>
    onSmoke(async (admin) => {
      const { rows } = await admin.query<{ table: string }>(
        `SELECT schemaname || '.' || tablename AS table FROM pg_publication_tables WHERE pubname = $1 ORDER BY 1`,
        [publication],
      );
      return rows.map((row) => row.table);
    });

  afterEach(() => onSmoke((admin) => admin.query(`DROP PUBLICATION IF EXISTS ${publication}`)));

  it("is set to the connector file's table list, and left alone once it matches", async () => {
    await onSmoke((admin) =>
      admin.query(`CREATE PUBLICATION ${publication} FOR TABLE public.debezium_heartbeat`),
    );

    const wanted = connector('public.outbox,public.debezium_heartbeat');
    expect(await alignConnectorPublications(config, [wanted])).toEqual([publication]);
    expect(await tablesOf()).toEqual(['public.debezium_heartbeat', 'public.outbox']);
    expect(await alignConnectorPublications(config, [wanted])).toEqual([]);
  });

  it('is left to Debezium to create when it does not exist', async () => {
    expect(await alignConnectorPublications(config, [connector('public.outbox')])).toEqual([]);
    expect(await tablesOf()).toEqual([]);
  });
});
