import { consumerGroupCatalog } from './consumer-group-catalog';
import {
  consumerTopics,
  deadLetterTopicName,
  deadLetterTopicOf,
  retryTopicName,
  retryTopicOf,
} from './consumer-topics';

const DAY_MS = 24 * 60 * 60 * 1000;
const group = (name: string) => {
  const found = consumerGroupCatalog.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`no group ${name}`);
  return found;
};

describe(retryTopicName.name, () => {
  it('names the retry topic <group>.retry', () => {
    expect(retryTopicName('saga-coordinator')).toBe('saga-coordinator.retry');
  });
});

describe(deadLetterTopicName.name, () => {
  it('names the dead-letter topic <group>.dlq', () => {
    expect(deadLetterTopicName('payment-service')).toBe('payment-service.dlq');
  });
});

describe(retryTopicOf.name, () => {
  it('spreads retries over as many partitions as the busiest consumed topic', () => {
    expect(retryTopicOf(group('saga-coordinator')).partitions).toBe(10);
    expect(retryTopicOf(group('notification-gateway')).partitions).toBe(10);
  });

  it('gives a CDC consumer three retry partitions', () => {
    expect(retryTopicOf(group('read-model-projector')).partitions).toBe(3);
  });

  it('keeps retries a week', () => {
    expect(retryTopicOf(group('payment-service'))).toMatchObject({
      name: 'payment-service.retry',
      kind: 'retry',
      consumerGroup: 'payment-service',
      retentionMs: 7 * DAY_MS,
      cleanupPolicy: 'delete',
    });
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
  it('has a retry and a dead-letter topic for every consumer group', () => {
    const names = consumerTopics.map((topic) => topic.name);
    for (const { name } of consumerGroupCatalog) {
      expect(names).toContain(`${name}.retry`);
      expect(names).toContain(`${name}.dlq`);
    }
    expect(names).toHaveLength(2 * consumerGroupCatalog.length);
  });
});
