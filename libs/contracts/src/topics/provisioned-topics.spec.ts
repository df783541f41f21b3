import { cdcTopicCatalog } from './cdc-topic-catalog';
import { consumerTopics } from './consumer-topics';
import { provisionedTopics } from './provisioned-topics';
import { topicCatalog } from './topic-catalog';

// Kafka accepts at most 249 characters of [a-zA-Z0-9._-] in a topic name.
const KAFKA_TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

describe('provisionedTopics', () => {
  it('is the domain catalog plus every retry, dead-letter and CDC topic', () => {
    expect(provisionedTopics.map((topic) => topic.name)).toEqual([
      ...topicCatalog.map((topic) => topic.name),
      ...consumerTopics.map((topic) => topic.name),
      ...cdcTopicCatalog.map((topic) => topic.name),
    ]);
    expect(provisionedTopics.filter((topic) => topic.kind === 'dead-letter')).toHaveLength(6);
  });

  it('declares each topic once, with a valid name, partitions and retention', () => {
    const names = provisionedTopics.map((topic) => topic.name);
    expect(new Set(names).size).toBe(names.length);
    for (const topic of provisionedTopics) {
      expect(topic.name).toMatch(KAFKA_TOPIC_NAME);
      expect(Number.isInteger(topic.partitions) && topic.partitions > 0).toBe(true);
      expect(topic.retentionMs).toBeGreaterThan(0);
    }
  });
});
