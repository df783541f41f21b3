import {
  consumerGroupCatalog,
  type ConsumerGroupName,
  type ConsumerGroupSpec,
} from './consumer-group-catalog';
import type { ConsumerTopicSpec } from './topic-spec';

const DAY_MS = 24 * 60 * 60 * 1000;

// A parked message must outlive the domain history it may be repaired and replayed against (30 days).
const DEAD_LETTER_RETENTION_MS = 30 * DAY_MS;
// Dead letters are rare; one partition keeps a group's failures in the order they happened for repair.
const DEAD_LETTER_PARTITIONS = 1;

export function deadLetterTopicName<G extends ConsumerGroupName>(group: G): `${G}.dlq` {
  return `${group}.dlq`;
}

export function deadLetterTopicOf(group: ConsumerGroupSpec): ConsumerTopicSpec {
  return {
    name: deadLetterTopicName(group.name),
    kind: 'dead-letter',
    consumerGroup: group.name,
    partitions: DEAD_LETTER_PARTITIONS,
    retentionMs: DEAD_LETTER_RETENTION_MS,
    cleanupPolicy: 'delete',
    description: `Messages ${group.name} gave up on, with the error attached, waiting for repair or replay.`,
  };
}

/**
 * A dead-letter topic per consumer group. Retries happen in process, per key (the messaging
 * runtime), and a repaired dead letter is re-driven to its original topic, so no group has a
 * retry topic.
 */
export const consumerTopics: readonly ConsumerTopicSpec[] = consumerGroupCatalog.map(deadLetterTopicOf);
