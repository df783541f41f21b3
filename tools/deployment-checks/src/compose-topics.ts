import { provisionedTopics } from '@platform/contracts';
import { environmentOf, type ComposeFile } from './compose-file';
import { heartbeatTopicOf, loadConnectors, type ConnectorDefinition } from './connectors';

/** The file compose's kafka-topics job reads (infra/compose/kafka/create-topics.sh). */
export const COMPOSE_TOPICS_FILE = 'infra/compose/kafka/topics.txt';
export const CONNECTORS_JOB = 'kafka-connectors';

export interface TopicLine {
  name: string;
  partitions: number;
  cleanupPolicy: string;
  /** Absent: the broker's default retention. */
  retentionMs?: number;
}

/** The connector files compose registers: all of infra/connectors but the job's SKIP_CONNECTORS. */
export function registeredConnectors(compose: ComposeFile): ConnectorDefinition[] {
  const job = compose.services[CONNECTORS_JOB];
  if (job === undefined) throw new Error(`docker-compose.yml has no ${CONNECTORS_JOB} service`);
  const skipped = new Set(
    (environmentOf(job).SKIP_CONNECTORS ?? '')
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean),
  );
  return loadConnectors().filter((connector) => !skipped.has(connector.name));
}

/** Every catalog topic, then the heartbeat topic of each registered connector (compacted, one partition, as the native stack makes them). */
export function expectedComposeTopics(connectors: readonly ConnectorDefinition[]): TopicLine[] {
  const heartbeats = connectors
    .map(heartbeatTopicOf)
    .filter((name): name is string => name !== undefined)
    .map((name) => ({ name, partitions: 1, cleanupPolicy: 'compact' }));
  return [
    ...provisionedTopics.map((topic) => ({
      name: topic.name,
      partitions: topic.partitions,
      cleanupPolicy: topic.cleanupPolicy,
      retentionMs: topic.retentionMs,
    })),
    ...heartbeats,
  ];
}

const HEADER = `# Generated from libs/contracts (provisionedTopics) and the heartbeat topics of the connectors
# docker-compose.yml registers; do not edit. Regenerate: npx nx run deployment-checks:generate
# A test in tools/deployment-checks fails when this file and the catalog differ.
# name partitions cleanup.policy retention.ms (- for the broker default)
`;

export function renderTopicsFile(topics: readonly TopicLine[]): string {
  const lines = topics.map(
    (topic) => `${topic.name} ${topic.partitions} ${topic.cleanupPolicy} ${topic.retentionMs ?? '-'}`,
  );
  return `${HEADER}${lines.join('\n')}\n`;
}

export function parseTopicsFile(text: string): TopicLine[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [name = '', partitions = '', cleanupPolicy = '', retention = '-'] = line.split(/\s+/);
      return {
        name,
        partitions: Number(partitions),
        cleanupPolicy,
        ...(retention === '-' ? {} : { retentionMs: Number(retention) }),
      };
    });
}
