import { consumerTopics } from './consumer-topics';
import { topicCatalog } from './topic-catalog';
import type { TopicSpec } from './topic-spec';

/** Every topic the platform needs created: the domain catalog plus each consumer group's retry and dead-letter topics. */
export const provisionedTopics: readonly TopicSpec[] = [...topicCatalog, ...consumerTopics];
