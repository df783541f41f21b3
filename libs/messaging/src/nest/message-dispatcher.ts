import type { Tracer } from '@opentelemetry/api';
import { decodeCdcRecord, isCdcTopic, type CdcRecord } from '../cdc/cdc-record';
import type { MessageContext } from '../consumer/message-runner';
import { decodeMessage, type DecodedMessage } from '../envelope/incoming-message';
import type { InboundMessage } from '../kafka/kafka-client.port';
import { withConsumerSpan } from '../observability/consumer-span';
import type { BoundHandler } from './handler-discovery';
import type { ChangeContext, HandlerContext } from './handler-context';

/** A consumed record, decoded: a CloudEvents message of the catalog, or a Debezium row change. */
export type Delivery = { kind: 'message'; message: DecodedMessage } | { kind: 'change'; change: CdcRecord };

/** Decodes by topic: CDC topics carry Debezium's JSON, every other topic CloudEvents. Throws on poison. */
export function decodeDelivery(record: InboundMessage): Delivery {
  return isCdcTopic(record.topic)
    ? { kind: 'change', change: decodeCdcRecord(record) }
    : { kind: 'message', message: decodeMessage(record) };
}

/**
 * Runs the handler of a delivery inside a consumer span whose parent is the span that produced it
 * (a message's traceparent, or the traceparent column of the row a change comes from), so one
 * trace follows a flow across services. A message type or topic this service has no handler for
 * is skipped: its topic carries it for others. Tombstones carry nothing and are skipped.
 */
export function createDispatcher(handlers: Map<string, BoundHandler>, groupId: string, tracer?: Tracer) {
  return async (delivery: Delivery, context: MessageContext): Promise<void> => {
    if (delivery.kind === 'change') return dispatchChange(delivery.change, context);
    const decoded = delivery.message;
    const handler = handlers.get(decoded.type);
    if (!handler) return;
    const { message, attempt } = context;
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

  async function dispatchChange(change: CdcRecord, { message, attempt }: MessageContext): Promise<void> {
    const handler = handlers.get(change.topic);
    if (!handler || change.kind === 'tombstone') return;
    const changeContext: ChangeContext = {
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
      attempt,
    };
    const traceparent = change.kind === 'row' ? change.row.traceparent : undefined;
    await withConsumerSpan(
      { message, attempt, groupId, trace: traceparent ? { traceparent } : {} },
      () => handler(change, changeContext),
      tracer,
    );
  }
}
