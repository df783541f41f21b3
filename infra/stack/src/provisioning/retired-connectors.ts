import type { StackConfig } from '../stack.config';
import { ConnectClient } from './connect-client';
import { loadConnectorDefinitions } from './connectors.provisioner';
import { dropReplicationSlotOnceReleased } from './postgres-admin';
import { testConnectorsDir } from './test-connectors';

/**
 * The files under infra/connectors say which connectors run. A connector still registered in
 * Connect (its config topic outlives releases) that no file declares any more, such as the outbox
 * and CDC pairs one connector per database replaced, is deleted and its slot dropped; returns the
 * names retired.
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
    const slot = (await client.config(name))['slot.name'];
    await client.deleteConnector(name);
    if (slot) await dropReplicationSlotOnceReleased(config, slot);
    retired.push(name);
  }
  return retired;
}
