import { serviceNames } from '../services/service-catalog';
import { consumerGroupCatalog, consumersOf, topicsConsumedBy } from './consumer-group-catalog';
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

describe(topicsConsumedBy.name, () => {
  const group = (name: string) => consumerGroupCatalog.find((candidate) => candidate.name === name)!;

  it('adds the CDC topics naming a CDC consumer to its catalog topics', () => {
    expect(topicsConsumedBy(group('read-model-projector'))).toEqual([
      'cdc.seat_inventory.public.modules',
      'cdc.registration.public.registration_status',
    ]);
    expect(topicsConsumedBy(group('registration-service'))).toEqual([
      'registration.commands',
      'cdc.seat_inventory.public.modules',
    ]);
    expect(topicsConsumedBy(group('payment-service'))).toEqual(['payment.commands']);
  });
});
