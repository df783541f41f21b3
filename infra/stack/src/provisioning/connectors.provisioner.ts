import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { HopelessError, waitUntil } from '../health/wait-until';
import { ConnectClient, failureOf, isRunning } from './connect-client';
import type { TopicRequest } from './topics.provisioner';

export interface ConnectorDefinition {
  name: string;
  config: Record<string, string>;
}

/**
 * The versioned connector configurations under infra/connectors. Secrets and hosts in them are
 * `${env:...}` references that the Connect worker resolves from its own environment, so the same
 * files serve the native stack, docker compose and Kubernetes.
 */
export function loadConnectorDefinitions(dir: string): ConnectorDefinition[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const definition = JSON.parse(readFileSync(resolve(dir, file), 'utf8')) as ConnectorDefinition;
      if (!definition.name || typeof definition.config !== 'object') {
        throw new Error(`${file}: a connector file needs "name" and "config"`);
      }
      return definition;
    });
}

/**
 * Debezium sends its heartbeat records to `<heartbeat prefix>.<topic prefix>`. The topic must
 * exist (the broker creates none by itself), and the records must reach it: Kafka Connect
 * commits a source offset, and so lets Postgres recycle WAL, only for records it delivered.
 */
export function heartbeatTopicRequests(definitions: ConnectorDefinition[]): TopicRequest[] {
  return definitions
    .filter((definition) => Number(definition.config['heartbeat.interval.ms'] ?? 0) > 0)
    .map((definition) => ({
      name: `${definition.config['topic.heartbeat.prefix'] ?? '__debezium-heartbeat'}.${definition.config['topic.prefix']}`,
      partitions: 1,
      config: { 'cleanup.policy': 'compact' },
    }));
}

/**
 * Registers (or updates) each connector and waits until it and its tasks run and its
 * replication slot is active: a task can report RUNNING while Debezium still retries inside it.
 */
export async function provisionConnectors(
  client: ConnectClient,
  definitions: ConnectorDefinition[],
  timeoutMs: number,
  slotIsActive: (slotName: string) => Promise<boolean>,
): Promise<string[]> {
  for (const definition of definitions) {
    await client.putConfig(definition.name, definition.config);
  }
  for (const definition of definitions) {
    await waitUntil(
      `connector ${definition.name}`,
      async () => {
        const status = await client.status(definition.name);
        const failure = failureOf(status);
        if (failure) throw new HopelessError(`failed: ${failure}`);
        if (!isRunning(status)) return false;
        const slot = definition.config['slot.name'];
        if (slot && !(await slotIsActive(slot)))
          throw new Error(`replication slot ${slot} is not active yet`);
        return true;
      },
      { timeoutMs, intervalMs: 300 },
    );
  }
  return definitions.map((definition) => definition.name);
}
