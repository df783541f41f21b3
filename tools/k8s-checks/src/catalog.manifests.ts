import {
  cdcTopicCatalog,
  consumerGroupCatalog,
  deadLetterTopicName,
  provisionedTopics,
  topicCatalog,
  topicsConsumedBy,
  type ConsumerGroupSpec,
} from '@platform/contracts';
import {
  CONNECT_CLUSTER,
  CONNECT_GROUP,
  KAFKA_BOOTSTRAP,
  KAFKA_CLUSTER,
  KEDA_LAG_READER,
  KEDA_TRIGGER_AUTH,
  PART_OF,
} from './platform.names';
import { databasesOf, type AppFiles, type ConnectorDefinition } from './workspace.files';

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: Record<string, unknown>;
}

interface Acl {
  resource: { type: 'topic' | 'group'; name: string; patternType: 'literal' | 'prefix' };
  operations: string[];
}

// Three brokers, so a topic survives the loss of one while min.insync.replicas=2 still accepts writes.
const TOPIC_REPLICAS = 3;
// The HTTP and WebSocket tiers scale on CPU with an HPA: the gateway's instances each read every
// partition (a group per instance), and registration-service's load is its API, not its one topic.
export const HPA_SCALED_SERVICES = ['registration-service', 'notification-gateway'] as const;
// Lag per partition above which KEDA adds a consumer (about a second of work at the measured rates).
const LAG_THRESHOLD = '50';

const strimziLabels = (cluster: string) => ({
  'strimzi.io/cluster': cluster,
  'app.kubernetes.io/part-of': PART_OF,
});

/** A Kubernetes object name for a Kafka topic name: lower case, `_` as `-`, no leading dashes. */
export function topicResourceName(topicName: string): string {
  return topicName
    .toLowerCase()
    .replace(/_/g, '-')
    .replace(/^[-.]+/, '');
}

/** Connectors of infra/connectors that read a service's database (the stack's test databases stay local). */
export function deployedConnectors(
  connectors: ConnectorDefinition[],
  apps: AppFiles[],
): ConnectorDefinition[] {
  const serviceDatabases = new Set(apps.flatMap(databasesOf));
  return connectors.filter((connector) => serviceDatabases.has(connector.config['database.dbname'] ?? ''));
}

/** Debezium's heartbeat topic of a connector, `<topic.heartbeat.prefix>.<topic.prefix>`, when it beats. */
export function heartbeatTopicOf(connector: ConnectorDefinition): string | undefined {
  if (Number(connector.config['heartbeat.interval.ms'] ?? 0) <= 0) return undefined;
  const prefix = connector.config['topic.heartbeat.prefix'] ?? '__debezium-heartbeat';
  return `${prefix}.${connector.config['topic.prefix']}`;
}

function kafkaTopic(name: string, partitions: number, config: Record<string, string>): Manifest {
  return {
    apiVersion: 'kafka.strimzi.io/v1',
    kind: 'KafkaTopic',
    metadata: { name: topicResourceName(name), labels: strimziLabels(KAFKA_CLUSTER) },
    spec: { topicName: name, partitions, replicas: TOPIC_REPLICAS, config },
  };
}

/** A KafkaTopic per catalog topic (domain, retry, dead-letter, CDC) and per Debezium heartbeat topic. */
export function kafkaTopics(connectors: ConnectorDefinition[]): Manifest[] {
  const catalog = provisionedTopics.map((topic) =>
    kafkaTopic(topic.name, topic.partitions, {
      'retention.ms': String(topic.retentionMs),
      'cleanup.policy': topic.cleanupPolicy,
    }),
  );
  const heartbeats = connectors
    .map(heartbeatTopicOf)
    .filter((name): name is string => name !== undefined)
    .map((name) => kafkaTopic(name, 1, { 'cleanup.policy': 'compact' }));
  return [...catalog, ...heartbeats];
}

/** A KafkaConnector per connector file: the same configuration, class and task count lifted into spec. */
export function kafkaConnectors(connectors: ConnectorDefinition[]): Manifest[] {
  return connectors.map(({ name, config }) => {
    const { 'connector.class': connectorClass, 'tasks.max': tasksMax, ...rest } = config;
    return {
      apiVersion: 'kafka.strimzi.io/v1',
      kind: 'KafkaConnector',
      metadata: { name, labels: strimziLabels(CONNECT_CLUSTER) },
      spec: {
        class: connectorClass,
        tasksMax: Number(tasksMax ?? '1'),
        autoRestart: { enabled: true },
        config: rest,
      },
    };
  });
}

const topicAcl = (name: string, operations: string[]): Acl => ({
  resource: { type: 'topic', name, patternType: 'literal' },
  operations,
});

function kafkaUser(name: string, acls: Acl[]): Manifest {
  return {
    apiVersion: 'kafka.strimzi.io/v1',
    kind: 'KafkaUser',
    metadata: { name, labels: strimziLabels(KAFKA_CLUSTER) },
    spec: { authentication: { type: 'scram-sha-512' }, authorization: { type: 'simple', acls } },
  };
}

/**
 * A KafkaUser per service: it reads what it consumes under groups prefixed with its name (the
 * gateway's per-instance groups, the projector's rebuild groups), writes its dead letters, and
 * writes directly only when it has no database (and so no outbox); Connect writes the rest.
 */
export function serviceUsers(apps: AppFiles[]): Manifest[] {
  const hasDatabase = (service: string) =>
    databasesOf(
      apps.find((app) => app.name === service) ?? { name: service, deployable: false, envExample: {} },
    ).length > 0;
  return consumerGroupCatalog.map((group) => {
    const direct = hasDatabase(group.name)
      ? []
      : topicCatalog.filter((topic) => topic.producer === group.name).map((topic) => topic.name);
    return kafkaUser(group.name, [
      ...topicsConsumedBy(group).map((topic) => topicAcl(topic, ['Read', 'Describe'])),
      {
        resource: { type: 'group', name: group.name, patternType: 'prefix' },
        operations: ['Read', 'Describe'],
      },
      topicAcl(deadLetterTopicName(group.name), ['Write', 'Describe']),
      ...direct.map((topic) => topicAcl(topic, ['Write', 'Describe'])),
    ]);
  });
}

/** Kafka Connect: its own group and internal topics, and every topic its connectors write. */
export function connectUser(connectors: ConnectorDefinition[], apps: AppFiles[]): Manifest {
  const withOutbox = new Set(apps.filter((app) => databasesOf(app).length > 0).map((app) => app.name));
  const written = [
    ...topicCatalog.filter((topic) => withOutbox.has(topic.producer)).map((topic) => topic.name),
    ...cdcTopicCatalog.map((topic) => topic.name),
    ...connectors.map(heartbeatTopicOf).filter((name): name is string => name !== undefined),
  ];
  return kafkaUser(CONNECT_CLUSTER, [
    {
      resource: { type: 'topic', name: `${CONNECT_GROUP}-`, patternType: 'prefix' },
      operations: ['Read', 'Write', 'Create', 'Describe', 'DescribeConfigs'],
    },
    {
      resource: { type: 'group', name: CONNECT_GROUP, patternType: 'literal' },
      operations: ['Read', 'Describe'],
    },
    ...written.map((topic) => topicAcl(topic, ['Write', 'Describe'])),
  ]);
}

/** The consumer groups KEDA scales on lag: every catalog group but the HPA-scaled tiers. */
export function lagScaledGroups(): ConsumerGroupSpec[] {
  return consumerGroupCatalog.filter(
    (group) => !(HPA_SCALED_SERVICES as readonly string[]).includes(group.name),
  );
}

/** KEDA's reader: it may describe the scaled groups and their topics, nothing more. */
export function kedaUser(): Manifest {
  return kafkaUser(
    KEDA_LAG_READER,
    lagScaledGroups().flatMap((group) => [
      { resource: { type: 'group', name: group.name, patternType: 'literal' }, operations: ['Describe'] },
      ...topicsConsumedBy(group).map((topic) => topicAcl(topic, ['Describe'])),
    ]),
  );
}

const partitionsOf = (topic: string): number =>
  provisionedTopics.find((candidate) => candidate.name === topic)?.partitions ?? 0;

/** The most consumers that can have work: the partition count of the busiest topic the group reads. */
export function maxConsumers(group: ConsumerGroupSpec): number {
  return Math.max(...topicsConsumedBy(group).map(partitionsOf));
}

/** A ScaledObject per lag-scaled group: a lag trigger per consumed topic, capped at its partitions. */
export function scaledObjects(): Manifest[] {
  return lagScaledGroups().map((group) => ({
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: {
      name: group.name,
      labels: { 'app.kubernetes.io/name': group.name, 'app.kubernetes.io/part-of': PART_OF },
    },
    spec: {
      scaleTargetRef: { name: group.name },
      minReplicaCount: 1,
      maxReplicaCount: maxConsumers(group),
      pollingInterval: 15,
      cooldownPeriod: 300,
      triggers: topicsConsumedBy(group).map((topic) => ({
        type: 'kafka',
        metadata: {
          bootstrapServers: KAFKA_BOOTSTRAP,
          consumerGroup: group.name,
          topic,
          lagThreshold: LAG_THRESHOLD,
          offsetResetPolicy: 'earliest',
        },
        authenticationRef: { name: KEDA_TRIGGER_AUTH },
      })),
    },
  }));
}
