import {
  consumerGroupCatalog,
  type ConsumerGroupName,
  type ConsumerGroupSpec,
} from './consumer-group-catalog';
import { findTopic } from './topic-catalog';
import type { ConsumerTopicSpec } from './topic-spec';

const DAY_MS = 24 * 60 * 60 * 1000;

// Retry records are taken back within minutes; a week survives a consumer that is down over a weekend.
const RETRY_RETENTION_MS = 7 * DAY_MS;
// A parked message must outlive the domain history it may be repaired and replayed against (30 days).
const DEAD_LETTER_RETENTION_MS = 30 * DAY_MS;
// Dead letters are rare; one partition keeps a group's failures in the order they happened for repair.
const DEAD_LETTER_PARTITIONS = 1;
// CDC topics have the broker default of one partition; three leave room to spread their retries.
const CDC_RETRY_PARTITIONS = 3;

export function retryTopicName<G extends ConsumerGroupName>(group: G): `${G}.retry` {
  return `${group}.retry`;
}

export function deadLetterTopicName<G extends ConsumerGroupName>(group: G): `${G}.dlq` {
  return `${group}.dlq`;
}

/** As many partitions as the busiest topic the group consumes, so retries spread like the original load. */
function retryPartitions(group: ConsumerGroupSpec): number {
  const sources = group.consumes.map((name) => findTopic(name)?.partitions ?? 0);
  return Math.max(...sources, group.consumesCdc ? CDC_RETRY_PARTITIONS : 0);
}

export function retryTopicOf(group: ConsumerGroupSpec): ConsumerTopicSpec {
  return {
    name: retryTopicName(group.name),
    kind: 'retry',
    consumerGroup: group.name,
    partitions: retryPartitions(group),
    retentionMs: RETRY_RETENTION_MS,
    cleanupPolicy: 'delete',
    description: `Dead letters of ${group.name} that an operator repaired and re-drives.`,
  };
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

export const consumerTopics: readonly ConsumerTopicSpec[] = consumerGroupCatalog.flatMap((group) => [
  retryTopicOf(group),
  deadLetterTopicOf(group),
]);
