import type { CdcTopicName, ServiceName, TopicName } from '@platform/contracts';
import type { Registry } from 'prom-client';
import type { ConsumerLimits } from '../consumer/consumer-options';
import type { RetrySettings } from '../consumer/retry-policy';
import type { KafkaClientKind } from '../kafka-client.factory';
import type { KafkaClientPort } from '../kafka/kafka-client.port';
import type { KafkaConnectionOptions } from '../kafka/kafka-client.options';

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

export interface MessagingModuleOptions extends KafkaConnectionOptions {
  service: ServiceName;
  /** The Kafka client adapter; the default is `defaultKafkaClient`. */
  client?: KafkaClientKind | KafkaClientPort;
  /** The consumer group; one per service by default (the gateway runs one per instance). */
  groupId?: string;
  /** The topics to consume; the consumer-group catalog's by default. */
  topics?: readonly (TopicName | CdcTopicName)[];
  /** Where a new group starts; defaults to the beginning, so nothing produced before it is missed. */
  fromBeginning?: boolean;
  limits?: Partial<ConsumerLimits>;
  retry?: Partial<Omit<RetrySettings, 'classify'>>;
  commitIntervalMs?: number;
  drainTimeoutMs?: number;
  /** Where the messaging metrics register; prom-client's default registry otherwise. */
  registry?: Registry;
}
