export type {
  AdminPort,
  ConsumerListener,
  ConsumerOptions,
  ConsumerPort,
  GroupDescription,
  InboundMessage,
  KafkaClientPort,
  MessageHeaders,
  OutboundMessage,
  ProducerPort,
  TopicPartition,
  TopicPartitionOffset,
} from './kafka/kafka-client.port';
export type {
  KafkaClientOptions,
  KafkaConnectionOptions,
  KafkaLogger,
  KafkaSaslMechanism,
  KafkaSaslOptions,
} from './kafka/kafka-client.options';
export { KafkaAuthenticationError } from './kafka/kafka-connection';
export { createKafkaClient, defaultKafkaClient, kafkaClientKinds } from './kafka-client.factory';
export type { KafkaClientKind } from './kafka-client.factory';

export * from './consumer';

export { createMessage, toOutboundMessage, toOutboxRecord } from './envelope/outgoing-message';
export type { MessageCause, OutgoingMessage } from './envelope/outgoing-message';
export { decodeMessage } from './envelope/incoming-message';
export { MessageProducer } from './producer/message.producer';
export { KafkajsClient } from './kafka/kafkajs/kafkajs.adapter';
export { PlatformaticKafkaClient } from './kafka/platformatic/platformatic.adapter';
export type { DecodedMessage } from './envelope/incoming-message';

export { addToOutbox, OUTBOX_COLUMNS, outboxValues, purgeOutbox } from './outbox/outbox.writer';
export type { OutboxRecord } from './outbox/outbox.writer';
export { firstDelivery, firstDeliveryWith, type InboxRead } from './inbox/inbox';

export { MessagingMetrics } from './observability/messaging.metrics';
export { metricsObserver } from './observability/metrics.observer';
export { composeObservers } from './observability/compose-observers';
export { measureLag, startLagMonitor } from './observability/lag-monitor';
export { withConsumerSpan } from './observability/consumer-span';
export type { ConsumedRecord } from './observability/consumer-span';
export type { PartitionLag } from './observability/lag-monitor';

export { parseReplayTarget } from './replay/replay-target';
export type { ReplayTarget } from './replay/replay-target';
export { executeReplay, GroupNotStoppedError, planReplay } from './replay/replay.planner';
export type { PartitionReplay } from './replay/replay.planner';

export { ChangeHandler, CommandHandler, EventHandler } from './nest/message-handler.decorator';
export type { ChangeContext, HandlerContext } from './nest/handler-context';
export { decodeCdcRecord, isCdcTopic } from './cdc/cdc-record';
export type { CdcRecord, RowChange } from './cdc/cdc-record';
export { MessagingModule } from './nest/messaging.module';
export { MessageConsumerHost } from './nest/message-consumer.host';
export type { MessagingModuleOptions } from './nest/messaging.options';

export { OffsetOutOfRangeError } from './partition-reader/partition-reader.port';
export type { PartitionBounds, PartitionReaderPort } from './partition-reader/partition-reader.port';
export { PlatformaticPartitionReader } from './partition-reader/platformatic.partition-reader';
export type { PlatformaticPartitionReaderOptions } from './partition-reader/platformatic.partition-reader';
