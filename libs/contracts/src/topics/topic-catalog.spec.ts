import { topicCatalog } from './topic-catalog';

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
