export { InMemoryConsumerPort } from './in-memory-consumer-port';
export type { InMemoryConsumerPortOptions } from './in-memory-consumer-port';
export { InMemoryProducerPort } from './in-memory-producer-port';
export type { InMemoryProducerPortOptions } from './in-memory-producer-port';
export { ManualClock, flushPromises } from './manual-clock';
export { inboundMessage } from './inbound-message';
export type { InboundMessageSpec } from './inbound-message';
