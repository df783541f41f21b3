import { randomUUID } from 'node:crypto';
import {
  dataSchemaUri,
  currentVersionOf,
  encodeEnvelopeHeaders,
  keyOf,
  topicOf,
  validateOutgoing,
  type MessageEnvelope,
  type MessageInput,
  type MessageOf,
  type MessageType,
  type ServiceName,
  type TopicName,
} from '@platform/contracts';
import { context, SpanKind, trace } from '@opentelemetry/api';
import { traceHeadersOf } from '@platform/observability';
import type { OutboundMessage } from '../kafka/kafka-client.port';
import type { OutboxRecord } from '../outbox/outbox.writer';

/** The message being handled when a new one is produced: it becomes the new one's cause. */
export interface MessageCause {
  messageId: string;
  correlationId: string;
}

/** A validated message with its envelope, topic and key, ready for the outbox or a producer. */
export interface OutgoingMessage<T extends MessageType = MessageType> {
  topic: TopicName;
  key: string;
  envelope: MessageEnvelope;
  data: MessageOf<T>;
}

/**
 * Builds a message in the current version of its type: validates the data (a ContractViolation
 * names what is wrong), takes topic and key from the catalog, and carries correlation, causation
 * and the active trace context.
 */
export function createMessage<T extends MessageType>(
  service: ServiceName,
  type: T,
  data: MessageInput<T>,
  cause?: MessageCause,
): OutgoingMessage<T> {
  const valid = validateOutgoing(type, data);
  const id = randomUUID();
  const key = keyOf(type, valid);
  const topic = topicOf(type);
  // The producer span is what the consumer's span hangs under, across the outbox and Debezium.
  const span = trace.getTracer('@platform/messaging').startSpan(`${topic} create`, {
    kind: SpanKind.PRODUCER,
    attributes: {
      'messaging.system': 'kafka',
      'messaging.operation.type': 'create',
      'messaging.destination.name': topic,
      'messaging.message.id': id,
      'messaging.message.type': type,
    },
  });
  span.end();
  return {
    topic,
    key,
    data: valid,
    envelope: {
      id,
      source: `/services/${service}`,
      type,
      time: new Date().toISOString(),
      subject: key,
      dataschema: dataSchemaUri(type, currentVersionOf(type)),
      correlationId: cause?.correlationId ?? id,
      ...(cause ? { causationId: cause.messageId } : {}),
      ...traceHeadersOf(trace.setSpan(context.active(), span)),
    },
  };
}

export function toOutboxRecord<T extends MessageType>(message: OutgoingMessage<T>): OutboxRecord {
  return { ...message.envelope, topic: message.topic, key: message.key, data: message.data };
}

export function toOutboundMessage<T extends MessageType>(message: OutgoingMessage<T>): OutboundMessage {
  return {
    topic: message.topic,
    key: message.key,
    value: JSON.stringify(message.data),
    headers: encodeEnvelopeHeaders(message.envelope),
  };
}
