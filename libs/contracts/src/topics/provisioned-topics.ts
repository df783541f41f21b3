import { cdcTopicCatalog } from './cdc-topic-catalog';
import { consumerTopics } from './consumer-topics';
import { topicCatalog } from './topic-catalog';
import type { TopicSpec } from './topic-spec';

/**
 * Every topic the platform needs created: the domain catalog, each consumer group's retry and
 * dead-letter topics, and Debezium's CDC topics (created up front: the broker creates none itself).
 */
export const provisionedTopics: readonly TopicSpec[] = [
  ...topicCatalog,
  ...consumerTopics,
  ...cdcTopicCatalog,
];
