import type { Tracer } from '@opentelemetry/api';
import type { MessageContext } from '../consumer/message-runner';
import type { DecodedMessage } from '../envelope/incoming-message';
import { withConsumerSpan } from '../observability/consumer-span';
import type { BoundHandler } from './handler-discovery';
import type { HandlerContext } from './handler-context';

/**
 * Runs the handler of a decoded message inside a consumer span whose parent is the span that
 * produced the message (from its traceparent), so one trace follows a flow across services.
 * A message type this service has no handler for is skipped: its topic carries it for others.
 */
export function createDispatcher(handlers: Map<string, BoundHandler>, groupId: string, tracer?: Tracer) {
  return async (decoded: DecodedMessage, { message, attempt }: MessageContext): Promise<void> => {
    const handler = handlers.get(decoded.type);
    if (!handler) return;
    const { envelope } = decoded;
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
    await withConsumerSpan(
      {
        message,
        attempt,
        groupId,
        trace: { traceparent: envelope.traceparent, tracestate: envelope.tracestate },
        messageId: envelope.id,
        messageType: decoded.type,
      },
      () => handler(decoded.data, handlerContext),
      tracer,
    );
  };
}
