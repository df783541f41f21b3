import type { ServiceName } from '../services/service-catalog';
import { cdcTopicCatalog, type CdcTopicName } from './cdc-topic-catalog';
import type { TopicName } from './topic-catalog';

export interface ConsumerGroupSpec {
  /** The Kafka group id; one group per service, named after it. */
  readonly name: ServiceName;
  readonly consumes: readonly TopicName[];
  /** Debezium CDC topics are declared by the connectors in infra/connectors, not by this catalog. */
  readonly consumesCdc: boolean;
  readonly description: string;
}

export const consumerGroupCatalog = [
  {
    name: 'registration-service',
    consumes: ['registration.commands'],
    consumesCdc: true,
    description:
      'Applies saga commands to the event-sourced registration aggregate, and keeps its copy of the module catalog from seat-inventory-service’s module rows.',
  },
  {
    name: 'seat-inventory-service',
    consumes: ['inventory.commands'],
    consumesCdc: false,
    description: 'Reserves, confirms and releases seats, one module at a time.',
  },
  {
    name: 'payment-service',
    consumes: ['payment.commands'],
    consumesCdc: false,
    description: 'Charges and refunds through the payment provider.',
  },
  {
    name: 'saga-coordinator',
    consumes: ['registration.events', 'inventory.events', 'payment.events'],
    consumesCdc: false,
    description: 'Advances each registration saga and sends the next commands.',
  },
  {
    name: 'read-model-projector',
    consumes: [],
    consumesCdc: true,
    description: 'Projects seat and registration-status row changes into Redis and realtime.updates.',
  },
  {
    name: 'notification-gateway',
    consumes: ['realtime.updates', 'session.events'],
    consumesCdc: false,
    description:
      'Pushes updates to WebSocket clients, admits only live sessions and closes the sockets of ended ones. Each instance reads in groups of its own and commits nothing: realtime.updates from the end as notification-gateway.<instance id> (history comes from the log itself), session.events from the beginning as notification-gateway.<instance id>.sessions (its registry of live sessions).',
  },
] as const satisfies readonly ConsumerGroupSpec[];

export type ConsumerGroupName = (typeof consumerGroupCatalog)[number]['name'];

/** The groups that consume a topic, so a producer knows who depends on its messages. */
export function consumersOf(topic: TopicName): ConsumerGroupName[] {
  return consumerGroupCatalog
    .filter((group) => (group.consumes as readonly TopicName[]).includes(topic))
    .map((group) => group.name);
}

/** Every topic a group reads: its catalog topics, and for a CDC consumer the CDC topics naming it. */
export function topicsConsumedBy(group: ConsumerGroupSpec): (TopicName | CdcTopicName)[] {
  const cdc = group.consumesCdc
    ? cdcTopicCatalog
        .filter((topic) => (topic.consumers as readonly string[]).includes(group.name))
        .map((topic) => topic.name)
    : [];
  return [...group.consumes, ...cdc];
}
