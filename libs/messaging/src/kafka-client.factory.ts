import { KafkajsClient } from './kafka/kafkajs/kafkajs.adapter';
import { PlatformaticKafkaClient } from './kafka/platformatic/platformatic.adapter';
import type { KafkaClientPort } from './kafka/kafka-client.port';
import type { KafkaClientOptions } from './kafka/kafka-client.options';

export const kafkaClientKinds = ['platformatic', 'kafkajs'] as const;
export type KafkaClientKind = (typeof kafkaClientKinds)[number];

/** The client the runtime uses unless told otherwise; docs/adr/0003 says why. */
export const defaultKafkaClient: KafkaClientKind = 'platformatic';

export function createKafkaClient(kind: KafkaClientKind, options: KafkaClientOptions): KafkaClientPort {
  return kind === 'kafkajs' ? new KafkajsClient(options) : new PlatformaticKafkaClient(options);
}
