import { consumerGroupCatalog } from './consumer-group-catalog';
import { consumerTopics, deadLetterTopicName, deadLetterTopicOf } from './consumer-topics';

const DAY_MS = 24 * 60 * 60 * 1000;
const group = (name: string) => {
  const found = consumerGroupCatalog.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`no group ${name}`);
  return found;
};

describe(deadLetterTopicName.name, () => {
  it('names the dead-letter topic <group>.dlq', () => {
    expect(deadLetterTopicName('payment-service')).toBe('payment-service.dlq');
  });
});

describe(deadLetterTopicOf.name, () => {
  it('parks failures on one partition for 30 days', () => {
    expect(deadLetterTopicOf(group('seat-inventory-service'))).toMatchObject({
      name: 'seat-inventory-service.dlq',
      kind: 'dead-letter',
      consumerGroup: 'seat-inventory-service',
      partitions: 1,
      retentionMs: 30 * DAY_MS,
      cleanupPolicy: 'delete',
    });
  });
});

describe('consumerTopics', () => {
  it('has a dead-letter topic for every consumer group, and no retry topic', () => {
    const names = consumerTopics.map((topic) => topic.name);
    for (const { name } of consumerGroupCatalog) expect(names).toContain(`${name}.dlq`);
    expect(names).toHaveLength(consumerGroupCatalog.length);
    expect(names.filter((topic) => topic.endsWith('.retry'))).toEqual([]);
  });
});
