import type { InboundMessage } from '../../kafka/kafka-client.port';

export interface InboundMessageSpec {
  offset: number | string;
  topic?: string;
  partition?: number;
  /** Text key; null for a message without a key. */
  key?: string | Buffer | null;
  value?: string | Buffer | null;
  headers?: Record<string, string | Buffer>;
  timestamp?: number;
}

/** A received message for tests, with text turned into bytes as a Kafka client would hand them over. */
export function inboundMessage(spec: InboundMessageSpec): InboundMessage {
  const bytes = (value: string | Buffer): Buffer => (typeof value === 'string' ? Buffer.from(value) : value);
  const value = spec.value === undefined ? '{}' : spec.value;
  return {
    topic: spec.topic ?? 'test.events',
    partition: spec.partition ?? 0,
    offset: String(spec.offset),
    key: spec.key === undefined || spec.key === null ? null : bytes(spec.key),
    value: value === null ? null : bytes(value),
    headers: Object.fromEntries(
      Object.entries(spec.headers ?? {}).map(([name, header]) => [name, bytes(header)]),
    ),
    timestamp: spec.timestamp ?? 0,
  };
}
