import type { MessageInput, MessageType, ServiceName } from '@platform/contracts';
import {
  createMessage,
  toOutboundMessage,
  type MessageCause,
  type OutgoingMessage,
} from '../envelope/outgoing-message';
import type { ProducerPort } from '../kafka/kafka-client.port';
import type { MessagingMetrics } from '../observability/messaging.metrics';

/**
 * Sends contract messages straight to Kafka, for the few places without a database of their own
 * (tests, tools, the gateway's future needs). Services with a database use the outbox instead, so
 * the message commits with the state change. The port's producer is idempotent with acks=all.
 */
export class MessageProducer {
  constructor(
    private readonly service: ServiceName,
    private readonly producer: ProducerPort,
    private readonly metrics?: MessagingMetrics,
  ) {}

  /** Validates, fills the envelope and key from the catalog, sends, and returns what was sent. */
  async send<T extends MessageType>(
    type: T,
    data: MessageInput<T>,
    cause?: MessageCause,
  ): Promise<OutgoingMessage<T>> {
    const message = createMessage(this.service, type, data, cause);
    await this.producer.send([toOutboundMessage(message)]);
    this.metrics?.produced.inc({ topic: message.topic });
    return message;
  }
}
