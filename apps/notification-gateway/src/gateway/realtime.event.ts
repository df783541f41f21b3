import { realtimeEventType, type RealtimeEventType } from '@platform/contracts';
import { decodeMessage, PoisonMessageError, type InboundMessage } from '@platform/messaging';
import type { TraceHeaders } from '@platform/observability';

export type { RealtimeEventType };

/**
 * A record of realtime.updates as the gateway pushes it. `offset` is the record's Kafka offset
 * plus one, i.e. the partition's end offset right after it: so a snapshot taken at end offset E
 * covers exactly the events at or below E, and an empty partition's snapshot can say 0.
 */
export interface RealtimeEvent {
  channel: string;
  partition: number;
  offset: bigint;
  type: RealtimeEventType;
  time: string;
  data: Record<string, unknown>;
  /** When the change happened (changedAt, else the envelope time), for the push latency. */
  changedAtMs: number;
  /** The projector's trace context, which the push continues. */
  trace: TraceHeaders;
}

/** The event of a realtime.updates record; throws PoisonMessageError for one that is not a realtime event. */
export function realtimeEventOf(record: InboundMessage): RealtimeEvent {
  const decoded = decodeMessage(record);
  const type = realtimeEventType.safeParse(decoded.type);
  if (!type.success) throw new PoisonMessageError(`${decoded.type} is not a realtime.updates event`);
  const data = decoded.data as Record<string, unknown>;
  const changedAt = typeof data['changedAt'] === 'string' ? data['changedAt'] : decoded.envelope.time;
  return {
    channel: typeof data['channel'] === 'string' ? data['channel'] : (record.key?.toString('utf8') ?? ''),
    partition: record.partition,
    offset: BigInt(record.offset) + 1n,
    type: type.data,
    time: decoded.envelope.time,
    data,
    changedAtMs: Date.parse(changedAt),
    trace: { traceparent: decoded.envelope.traceparent, tracestate: decoded.envelope.tracestate },
  };
}
