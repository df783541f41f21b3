import { resolve } from 'node:path';
import { ConnectClient } from '../src/provisioning/connect-client';
import { loadConnectorDefinitions, provisionConnectors } from '../src/provisioning/connectors.provisioner';
import { isReplicationSlotActive, withPostgresAdmin } from '../src/provisioning/postgres-admin';
import { retireUndeclaredConnectors } from '../src/provisioning/retired-connectors';
import { testConnectorsDir } from '../src/provisioning/test-connectors';
import { loadStackConfig } from '../src/stack.config';

// An upgrade that renames or merges connectors leaves the old ones registered in Connect's config
// topic, each streaming from a slot that holds WAL. `./platform stack up` retires them.
describe('connectors no file declares', () => {
  const config = loadStackConfig();
  const client = new ConnectClient(config.endpoints.kafkaConnect.url);
  const declared = loadConnectorDefinitions(resolve(config.repoRoot, 'infra/connectors')).map((d) => d.name);
  const [smoke] = loadConnectorDefinitions(testConnectorsDir(config));
  // The smoke connector, capturing only the heartbeat table (whose rows its filter drops), so it
  // publishes nothing another spec could see.
  const stray = {
    name: 'retired-by-upgrade',
    config: {
      ...smoke!.config,
      'slot.name': 'dbz_retired_by_upgrade',
      'publication.name': 'dbz_retired_by_upgrade',
      'topic.prefix': 'retired',
      'table.include.list': 'public.debezium_heartbeat',
      'heartbeat.interval.ms': '0',
    },
  };
  const publicationExists = (publication: string) =>
    withPostgresAdmin(
      config,
      async (admin) =>
        ((await admin.query('SELECT 1 FROM pg_publication WHERE pubname = $1', [publication])).rowCount ??
          0) > 0,
      'smoke',
    );
  const slotExists = (slot: string) =>
    withPostgresAdmin(config, async (admin) => {
      const { rowCount } = await admin.query('SELECT 1 FROM pg_replication_slots WHERE slot_name = $1', [
        slot,
      ]);
      return (rowCount ?? 0) > 0;
    });

  afterAll(async () => {
    if ((await client.connectorNames()).includes(stray.name)) await client.deleteConnector(stray.name);
  });

  it('are deleted with their replication slots; declared and test connectors stay', async () => {
    await provisionConnectors(client, [stray], 60_000, (slot) => isReplicationSlotActive(config, slot));
    expect(await slotExists(stray.config['slot.name'])).toBe(true);
    expect(await publicationExists(stray.config['publication.name'])).toBe(true);

    const retired = await retireUndeclaredConnectors(config, declared);

    expect(retired).toEqual([stray.name]);
    const registered = await client.connectorNames();
    expect(registered).not.toContain(stray.name);
    expect(registered).toEqual(expect.arrayContaining(declared));
    expect(await slotExists(stray.config['slot.name'])).toBe(false);
    expect(await publicationExists(stray.config['publication.name'])).toBe(false);
  }, 120_000);
});
