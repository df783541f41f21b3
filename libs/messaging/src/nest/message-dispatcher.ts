import { context, SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import { contextFromTraceHeaders } from '@platform/observability';
import type { MessageContext } from '../consumer/message-runner';
import type { DecodedMessage } from '../envelope/incoming-message';
import type { BoundHandler } from './handler-discovery';
import type { HandlerContext } from './handler-context';

/**
 * Runs the handler of a decoded message inside a consumer span whose parent is the span that
 * produced the message (from its traceparent), so one trace follows a flow across services.
 * A message type this service has no handler for is skipped: its topic carries it for others.
 */
export function createDispatcher(
  handlers: Map<string, BoundHandler>,
  groupId: string,
  tracer: Tracer = trace.getTracer('@platform/messaging'),
) {
  return async (decoded: DecodedMessage, { message, attempt }: MessageContext): Promise<void> => {
    const handler = handlers.get(decoded.type);
    if (!handler) return;
    const { envelope } = decoded;
    const parent = contextFromTraceHeaders(
      { traceparent: envelope.traceparent, tracestate: envelope.tracestate },
      context.active(),
    );
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
          'messaging.consumer.group.name': groupId,
          'messaging.message.id': envelope.id,
          'messaging.message.type': decoded.type,
          'messaging.message.attempt': attempt,
        },
      },
      parent,
    );
    const handlerContext: HandlerContext = {
      messageId: envelope.id,
      type: decoded.type,
      envelope,
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
      attempt,
      cause: { messageId: envelope.id, correlationId: envelope.correlationId },
    };
    try {
      await context.with(trace.setSpan(parent, span), () => handler(decoded.data, handlerContext));
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  };
}
