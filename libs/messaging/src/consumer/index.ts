export { KeyOrderedConsumer } from './key-ordered-consumer';
export { consumerDefaults } from './consumer-options';
export type { ConsumerLimits, KeyOrderedConsumerOptions } from './consumer-options';
export type { DecodeMessage, MessageContext, ProcessMessage } from './message-runner';
export {
  DependencyUnavailableError,
  NonRetriableError,
  PoisonMessageError,
  RetriableError,
} from './consumer-errors';
export { isDependencyUnavailable } from './dependency-unavailable';
export { classifyFailure } from './retry-policy';
export type { DeadLetterReason, FailureKind, RetrySettings } from './retry-policy';
export { buildDeadLetterRecord, deadLetterHeaders } from './dead-letter';
export type { DeadLetterCause, DeadLetterTarget } from './dead-letter';
export { systemClock } from './clock';
export type { Clock, Timer } from './clock';
export type {
  AssignedEvent,
  CommitEvent,
  CommitFailedEvent,
  ConsumerObserver,
  DeadLetterSendFailedEvent,
  DeadLetteredEvent,
  FlowEvent,
  HandledEvent,
  IgnoredEvent,
  ReleasedEvent,
  RetryScheduledEvent,
} from './consumer-observer';
export {
  InMemoryConsumerPort,
  InMemoryProducerPort,
  ManualClock,
  flushPromises,
  inboundMessage,
} from './testing';
export type { InMemoryConsumerPortOptions, InMemoryProducerPortOptions, InboundMessageSpec } from './testing';
