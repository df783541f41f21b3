import type { ServiceName } from '../services/service-catalog';

export type TopicDomain = 'registration' | 'inventory' | 'payment' | 'session' | 'realtime';

/** What the broker needs to create a topic; the stack, compose and k8s create topics from these. */
interface TopicSpecBase {
  readonly name: string;
  readonly partitions: number;
  readonly retentionMs: number;
  readonly cleanupPolicy: 'delete' | 'compact';
  readonly description: string;
}

/** A topic of the domain catalog: it carries the listed message types, keyed by one payload field. */
export interface DomainTopicSpec extends TopicSpecBase {
  readonly domain: TopicDomain;
  readonly kind: 'commands' | 'events' | 'updates';
  /** The field of the message whose value is the record key, so one key's messages stay in order. */
  readonly key: string;
  /** The one service that writes to this topic (through its outbox). */
  readonly producer: ServiceName;
  readonly messages: readonly string[];
}

/**
 * A topic owned by one consumer group: `retry` holds repaired dead letters an operator re-drives,
 * `dead-letter` parks what still fails, with the error attached. Records keep their original key.
 */
export interface ConsumerTopicSpec extends TopicSpecBase {
  readonly kind: 'retry' | 'dead-letter';
  readonly consumerGroup: ServiceName;
}

export type TopicSpec = DomainTopicSpec | ConsumerTopicSpec;
