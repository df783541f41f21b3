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
 * A topic owned by one consumer group: its dead letters, what it gave up on, with the error
 * attached. Records keep their original key.
 */
export interface ConsumerTopicSpec extends TopicSpecBase {
  readonly kind: 'dead-letter';
  readonly consumerGroup: ServiceName;
}

/**
 * A Debezium change-data-capture topic: row changes of one table, not CloudEvents messages. The
 * record key is the primary key; the value is the row after the change (see libs/contracts/src/cdc).
 */
export interface CdcTopicSpec extends TopicSpecBase {
  readonly kind: 'cdc';
  /** The connector file infra/connectors/<connector>.json that writes it. */
  readonly connector: string;
  readonly database: string;
  readonly table: string;
  /** The primary-key column that is the record key. */
  readonly key: string;
  readonly consumers: readonly ServiceName[];
}

export type TopicSpec = DomainTopicSpec | ConsumerTopicSpec | CdcTopicSpec;
