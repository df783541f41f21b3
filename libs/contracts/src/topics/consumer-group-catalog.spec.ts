import { serviceNames } from '../services/service-catalog';
import { consumerGroupCatalog, consumersOf } from './consumer-group-catalog';
import { topicCatalog, topicNames } from './topic-catalog';

describe('consumerGroupCatalog', () => {
  it('has one group per service, named after it', () => {
    expect(consumerGroupCatalog.map((group) => group.name).sort()).toEqual([...serviceNames].sort());
  });

  it('consumes only catalog topics', () => {
    for (const group of consumerGroupCatalog) {
      for (const topic of group.consumes) expect(topicNames).toContain(topic);
    }
  });

  it('gives every domain topic at least one consumer', () => {
    const unconsumed = topicCatalog.filter((topic) => consumersOf(topic.name).length === 0);
    expect(unconsumed.map((topic) => topic.name)).toEqual([]);
  });

  it('never has a service consume the topic it produces', () => {
    for (const topic of topicCatalog) {
      expect(consumersOf(topic.name)).not.toContain(topic.producer);
    }
  });
});

describe(consumersOf.name, () => {
  it('names the groups that consume a topic', () => {
    expect(consumersOf('payment.events')).toEqual(['saga-coordinator']);
    expect(consumersOf('session.events')).toEqual(['notification-gateway']);
    expect(consumersOf('inventory.commands')).toEqual(['seat-inventory-service']);
  });
});
