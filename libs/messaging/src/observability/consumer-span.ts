import { context, SpanKind, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';
import { contextFromTraceHeaders, type TraceHeaders } from '@platform/observability';
import type { InboundMessage } from '../kafka/kafka-client.port';

export interface ConsumedRecord {
  message: InboundMessage;
  attempt: number;
  groupId: string;
  /** The trace context the producer left on the record (headers, or a CDC row's column). */
  trace: TraceHeaders;
  messageId?: string;
  messageType?: string;
}

const defaultTracer = (): Tracer => trace.getTracer('@platform/messaging');

/**
 * Runs `work` inside a consumer span whose parent is the span that produced the record, so one
 * trace follows a flow across services, the outbox, Debezium and Kafka. A failure is recorded on
 * the span and rethrown for the runtime's retry policy.
 */
export async function withConsumerSpan<R>(
  record: ConsumedRecord,
  work: (span: Span) => R | Promise<R>,
  tracer: Tracer = defaultTracer(),
): Promise<R> {
  const { message } = record;
  const parent = contextFromTraceHeaders(record.trace, context.active());
  const span = tracer.startSpan(
    `${message.topic} process`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'process',
        'messaging.destination.name': message.topic,
        'messaging.destination.partition.id': String(message.partition),
        'messaging.kafka.offset': Number(message.offset),
        'messaging.consumer.group.name': record.groupId,
        'messaging.message.attempt': record.attempt,
        ...(record.messageId ? { 'messaging.message.id': record.messageId } : {}),
        ...(record.messageType ? { 'messaging.message.type': record.messageType } : {}),
      },
    },
    parent,
  );
  try {
    return await context.with(trace.setSpan(parent, span), () => work(span));
  } catch (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    throw error;
  } finally {
    span.end();
  }
}
