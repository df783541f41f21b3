import type { InboundMessage, MessageHeaders, OutboundMessage } from '../kafka/kafka-client.port';
import type { DeadLetterReason } from './retry-policy';

/** Headers the runtime adds to a dead-lettered record, beside the original ones. */
export const deadLetterHeaders = {
  error: 'dlq_error',
  errorClass: 'dlq_error_class',
  reason: 'dlq_reason',
  attempts: 'dlq_attempts',
  originalTopic: 'dlq_original_topic',
  originalPartition: 'dlq_original_partition',
  originalOffset: 'dlq_original_offset',
  failedAt: 'dlq_failed_at',
  consumerGroup: 'dlq_consumer_group',
  /** `null` or `base64` when the original key could not be carried as UTF-8 text (absent otherwise). */
  keyEncoding: 'dlq_original_key_encoding',
  /** `true` when the original value was null (a tombstone); the record then carries an empty value. */
  valueNull: 'dlq_original_value_null',
  /** Comma-separated names of original headers carried base64-encoded because they were not UTF-8. */
  base64Headers: 'dlq_base64_headers',
} as const;

export interface DeadLetterCause {
  error: unknown;
  reason: DeadLetterReason;
  /** Handler runs before giving up (0 for poison). */
  attempts: number;
  failedAt: Date;
}

export interface DeadLetterTarget {
  topic: string;
  groupId: string;
}

// A stack of nested causes can be long; the record must stay far below the broker's size limit.
const maxErrorLength = 2000;

/**
 * The dead-letter record for a message: its value bytes unchanged, its key and headers as text, and
 * the cause in `dlq_*` headers. The producer port takes keys and header values as strings, so bytes
 * that are not UTF-8 travel base64-encoded and a header says so.
 */
export function buildDeadLetterRecord(
  message: InboundMessage,
  cause: DeadLetterCause,
  target: DeadLetterTarget,
): OutboundMessage {
  const headers: Record<string, string> = {};
  const base64Headers: string[] = [];
  for (const [name, value] of Object.entries(message.headers satisfies MessageHeaders)) {
    // A message that failed before carries that failure's headers; this failure's replace them.
    if (value === undefined || name.startsWith('dlq_')) continue;
    const text = utf8Text(value);
    if (text === undefined) base64Headers.push(name);
    headers[name] = text ?? value.toString('base64');
  }

  const key = message.key === null ? undefined : utf8Text(message.key);
  const { description, className } = describeError(cause.error);
  const h = deadLetterHeaders;
  Object.assign(headers, {
    [h.error]: description.slice(0, maxErrorLength),
    [h.errorClass]: className,
    [h.reason]: cause.reason,
    [h.attempts]: String(cause.attempts),
    [h.originalTopic]: message.topic,
    [h.originalPartition]: String(message.partition),
    [h.originalOffset]: message.offset,
    [h.failedAt]: cause.failedAt.toISOString(),
    [h.consumerGroup]: target.groupId,
  });
  if (message.key === null) headers[h.keyEncoding] = 'null';
  else if (key === undefined) headers[h.keyEncoding] = 'base64';
  if (message.value === null) headers[h.valueNull] = 'true';
  if (base64Headers.length > 0) headers[h.base64Headers] = base64Headers.join(',');

  return {
    topic: target.topic,
    key: message.key === null ? '' : (key ?? message.key.toString('base64')),
    value: message.value ?? Buffer.alloc(0),
    headers,
  };
}

/** The bytes as text, or undefined when they are not valid UTF-8 (decoding would change them). */
function utf8Text(bytes: Buffer): string | undefined {
  const text = bytes.toString('utf8');
  return Buffer.from(text, 'utf8').equals(bytes) ? text : undefined;
}

function describeError(error: unknown): { description: string; className: string } {
  if (error instanceof Error) return { description: error.message, className: error.name };
  try {
    return { description: String(error), className: typeof error };
  } catch {
    return { description: 'an unprintable value was thrown', className: typeof error };
  }
}
