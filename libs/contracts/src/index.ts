export { topicCatalog, topicNames, findTopic } from './topics/topic-catalog';
export type { TopicName } from './topics/topic-catalog';
export type { TopicSpec, TopicDomain } from './topics/topic-spec';
