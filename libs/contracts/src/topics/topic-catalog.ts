import type { DomainTopicSpec } from './topic-spec';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

// Peak-day traffic spreads over ten partitions; quieter topics need fewer.
const BUSY_TOPIC_PARTITIONS = 10;

export const topicCatalog = [
  {
    name: 'registration.commands',
    domain: 'registration',
    kind: 'commands',
    key: 'registrationId',
    partitions: BUSY_TOPIC_PARTITIONS,
    retentionMs: 7 * DAY_MS,
    cleanupPolicy: 'delete',
    description: 'Commands the saga sends to the registration aggregate.',
    producer: 'saga-coordinator',
    messages: ['CompleteRegistration', 'CancelRegistration'],
  },
  {
    name: 'registration.events',
    domain: 'registration',
    kind: 'events',
    key: 'registrationId',
    partitions: BUSY_TOPIC_PARTITIONS,
    retentionMs: 30 * DAY_MS,
    cleanupPolicy: 'delete',
    description: 'What happened to each registration, in order per registration.',
    producer: 'registration-service',
    messages: ['RegistrationRequested', 'RegistrationCompleted', 'RegistrationCancelled'],
  },
  {
    name: 'inventory.commands',
    domain: 'inventory',
    kind: 'commands',
    key: 'moduleId',
    partitions: BUSY_TOPIC_PARTITIONS,
    retentionMs: 7 * DAY_MS,
    cleanupPolicy: 'delete',
    description: 'Seat commands, keyed by module so one module is changed in order.',
    producer: 'saga-coordinator',
    messages: ['ReserveSeat', 'ConfirmSeat', 'ReleaseSeat'],
  },
  {
    name: 'inventory.events',
    domain: 'inventory',
    kind: 'events',
    key: 'moduleId',
    partitions: BUSY_TOPIC_PARTITIONS,
    retentionMs: 30 * DAY_MS,
    cleanupPolicy: 'delete',
    description: 'Seat reservations, rejections, confirmations and releases per module.',
    producer: 'seat-inventory-service',
    messages: ['SeatReserved', 'SeatRejected', 'SeatConfirmed', 'SeatReleased'],
  },
  {
    name: 'payment.commands',
    domain: 'payment',
    kind: 'commands',
    key: 'registrationId',
    partitions: BUSY_TOPIC_PARTITIONS,
    retentionMs: 7 * DAY_MS,
    cleanupPolicy: 'delete',
    description: 'Charge and refund commands; the registration id is the idempotency key.',
    producer: 'saga-coordinator',
    messages: ['ChargePayment', 'RefundPayment'],
  },
  {
    name: 'payment.events',
    domain: 'payment',
    kind: 'events',
    key: 'registrationId',
    partitions: BUSY_TOPIC_PARTITIONS,
    retentionMs: 30 * DAY_MS,
    cleanupPolicy: 'delete',
    description: 'Payment outcomes per registration.',
    producer: 'payment-service',
    messages: ['PaymentConfirmed', 'PaymentFailed', 'PaymentRefunded'],
  },
  {
    name: 'session.events',
    domain: 'session',
    kind: 'events',
    key: 'studentId',
    partitions: 3,
    retentionMs: 1 * DAY_MS,
    cleanupPolicy: 'delete',
    description: 'Sessions created, expired and revoked; the gateway closes sockets on these.',
    producer: 'registration-service',
    messages: ['SessionCreated', 'SessionExpired', 'SessionRevoked'],
  },
  {
    name: 'realtime.updates',
    domain: 'realtime',
    kind: 'updates',
    key: 'channel',
    partitions: BUSY_TOPIC_PARTITIONS,
    retentionMs: 1 * DAY_MS,
    cleanupPolicy: 'delete',
    description: 'Seat counts and registration status for browsers; the log is also the resume history.',
    producer: 'read-model-projector',
    messages: ['SeatAvailableChanged', 'RegistrationStatusChanged', 'ModuleRemoved'],
  },
] as const satisfies readonly DomainTopicSpec[];

export type TopicName = (typeof topicCatalog)[number]['name'];

export const topicNames: readonly TopicName[] = topicCatalog.map((topic) => topic.name);

export function findTopic(name: string): DomainTopicSpec | undefined {
  return topicCatalog.find((topic) => topic.name === name);
}

type CatalogTopic<T extends TopicName> = Extract<(typeof topicCatalog)[number], { readonly name: T }>;

/** The payload field whose value is the record key on topic T. */
export type TopicKey<T extends TopicName> = CatalogTopic<T>['key'];

/** The message types topic T carries. */
export type MessageTypeOn<T extends TopicName> = CatalogTopic<T>['messages'][number];

/** The message types carried by the topics of the given kinds. */
export type MessageTypeOfKind<K extends (typeof topicCatalog)[number]['kind']> = Extract<
  (typeof topicCatalog)[number],
  { readonly kind: K }
>['messages'][number];
