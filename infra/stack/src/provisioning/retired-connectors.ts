import type { StackConfig } from '../stack.config';
import { ConnectClient } from './connect-client';
import { loadConnectorDefinitions } from './connectors.provisioner';
import { dropReplicationSlotOnceReleased, sqlIdentifier, withPostgresAdmin } from './postgres-admin';
import { testConnectorsDir } from './test-connectors';
import { waitUntil } from '../health/wait-until';

/**
 * The files under infra/connectors say which connectors run. A connector still registered in
 * Connect (its config topic outlives releases) that no file declares any more, such as the outbox
 * and CDC pairs one connector per database replaced, is deleted and its slot dropped, and so is
 * its publication where the connector made it (`publication.autocreate.mode=filtered`); returns
 * the names retired.
 */
export async function retireUndeclaredConnectors(
  config: StackConfig,
  declared: readonly string[],
): Promise<string[]> {
  const client = new ConnectClient(config.endpoints.kafkaConnect.url);
  const kept = new Set([
    ...declared,
    ...loadConnectorDefinitions(testConnectorsDir(config)).map((d) => d.name),
  ]);
  const retired: string[] = [];
  for (const name of await client.connectorNames()) {
    if (kept.has(name)) continue;
    let connector: Record<string, string> | undefined;
    // A worker that has just started (or rebalances after the previous delete) may not answer
    // in time; the delete is retried until it does.
    await waitUntil(
      `connector ${name} deleted`,
      async () => {
        try {
          connector ??= await client.config(name);
          await client.deleteConnector(name);
          return true;
        } catch {
          return false;
        }
      },
      { timeoutMs: 120_000, intervalMs: 1000 },
    );
    const slot = connector?.['slot.name'];
    if (slot) await dropReplicationSlotOnceReleased(config, slot);
    const publication = connector?.['publication.name'];
    const database = connector?.['database.dbname'];
    if (connector?.['publication.autocreate.mode'] === 'filtered' && publication && database) {
      await withPostgresAdmin(
        config,
        (admin) => admin.query(`DROP PUBLICATION IF EXISTS ${sqlIdentifier(publication)}`),
        database,
      );
    }
    retired.push(name);
  }
  return retired;
}
