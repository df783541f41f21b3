import { resolve } from 'node:path';
import type { StackConfig } from '../stack.config';
import { ConnectClient } from './connect-client';
import {
  heartbeatTopicRequests,
  loadConnectorDefinitions,
  provisionConnectors,
} from './connectors.provisioner';
import { withKafkaAdmin } from './kafka-admin';
import { dropReplicationSlotOnceReleased, isReplicationSlotActive } from './postgres-admin';
import { ensureTopics } from './topics.provisioner';

/**
 * The connectors only tests use (infra/connectors/test), kept off the running platform: each idle
 * connector costs CPU all the time, and its slot holds the whole cluster's WAL while it is not read.
 */
export const testConnectorsDir = (config: StackConfig) => resolve(config.repoRoot, 'infra/connectors/test');

/** Registers the test connectors not registered yet and waits until they stream; returns those added. */
export async function addTestConnectors(config: StackConfig): Promise<string[]> {
  const client = new ConnectClient(config.endpoints.kafkaConnect.url);
  const registered = new Set(await client.connectorNames());
  const missing = loadConnectorDefinitions(testConnectorsDir(config)).filter(
    (definition) => !registered.has(definition.name),
  );
  if (missing.length === 0) return [];
  await withKafkaAdmin(config, (admin) => ensureTopics(admin, heartbeatTopicRequests(missing)));
  return provisionConnectors(client, missing, config.startTimeoutMs, (slot) =>
    isReplicationSlotActive(config, slot),
  );
}

/** Deletes the test connectors and drops their replication slots; returns those removed. */
export async function removeTestConnectors(config: StackConfig): Promise<string[]> {
  const client = new ConnectClient(config.endpoints.kafkaConnect.url);
  const registered = new Set(await client.connectorNames());
  const removed: string[] = [];
  for (const definition of loadConnectorDefinitions(testConnectorsDir(config))) {
    if (registered.has(definition.name)) {
      await client.deleteConnector(definition.name);
      removed.push(definition.name);
    }
    const slot = definition.config['slot.name'];
    if (slot) await dropReplicationSlotOnceReleased(config, slot);
  }
  return removed;
}
