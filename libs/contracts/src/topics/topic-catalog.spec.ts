import { findTopic, topicCatalog } from './topic-catalog';

describe('topicCatalog', () => {
  it('names every topic <domain>.<kind>', () => {
    for (const topic of topicCatalog) {
      expect(topic.name).toBe(`${topic.domain}.${topic.kind}`);
    }
  });

  it('declares each topic once', () => {
    const names = topicCatalog.map((topic) => topic.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('gives the busy topics ten partitions', () => {
    const busy = ['registration', 'inventory', 'payment'].flatMap((domain) => [
      `${domain}.commands`,
      `${domain}.events`,
    ]);
    for (const name of [...busy, 'realtime.updates']) {
      expect(topicCatalog.find((topic) => topic.name === name)?.partitions).toBe(10);
    }
  });

  it('keys inventory by module, registration and payment by registration, realtime by channel', () => {
    const keyOf = (name: string) => topicCatalog.find((topic) => topic.name === name)?.key;
    expect(keyOf('inventory.events')).toBe('moduleId');
    expect(keyOf('registration.events')).toBe('registrationId');
    expect(keyOf('payment.commands')).toBe('registrationId');
    expect(keyOf('realtime.updates')).toBe('channel');
  });
});

describe('topicCatalog messages', () => {
  it('lists each message type on exactly one topic', () => {
    const types = topicCatalog.flatMap((topic) => topic.messages);
    expect(types.length).toBeGreaterThan(0);
    expect(new Set(types).size).toBe(types.length);
  });

  it('lets the saga alone send commands and each domain publish its own events', () => {
    for (const topic of topicCatalog) {
      if (topic.kind === 'commands') expect(topic.producer).toBe('saga-coordinator');
    }
    expect(findTopic('inventory.events')?.producer).toBe('seat-inventory-service');
    expect(findTopic('payment.events')?.producer).toBe('payment-service');
    expect(findTopic('session.events')?.producer).toBe('registration-service');
  });

  it('keys session events by student', () => {
    expect(findTopic('session.events')?.key).toBe('studentId');
  });
});

describe(findTopic.name, () => {
  it('finds a catalog topic by name and nothing else', () => {
    expect(findTopic('payment.events')?.name).toBe('payment.events');
    expect(findTopic('payment-service.dlq')).toBeUndefined();
  });
});
