import type { Queryable } from '@platform/persistence';

/** One outbox row: a message as Debezium will publish it. */
export interface OutboxRecord {
  id: string;
  topic: string;
  key: string;
  type: string;
  data: unknown;
  source: string;
  time: string;
  subject?: string;
  dataschema?: string;
  correlationId?: string;
  causationId?: string;
  traceparent?: string;
  tracestate?: string;
}

/**
 * The columns Debezium's outbox event router reads, in the order of `outboxValues`. A table that
 * is its own outbox (an event store) inserts these plus columns of its own.
 */
export const OUTBOX_COLUMNS =
  'id, aggregatetype, aggregateid, type, payload, ce_source, ce_time, ce_subject, ce_dataschema, correlation_id, causation_id, traceparent, tracestate';

/** The values of one record for `OUTBOX_COLUMNS`. */
export function outboxValues(record: OutboxRecord): unknown[] {
  return [
    record.id,
    record.topic,
    record.key,
    record.type,
    JSON.stringify(record.data),
    record.source,
    record.time,
    record.subject ?? null,
    record.dataschema ?? null,
    record.correlationId ?? null,
    record.causationId ?? null,
    record.traceparent ?? null,
    record.tracestate ?? null,
  ];
}

/** `$from, $from+1, …` placeholders for `count` values. */
export function placeholders(count: number, from = 1): string {
  return Array.from({ length: count }, (_, i) => `$${from + i}`).join(', ');
}

const OUTBOX_COLUMN_COUNT = OUTBOX_COLUMNS.split(',').length;

/**
 * Writes messages into the service's outbox inside the caller's transaction, so the state change
 * and its messages commit or roll back together; business code never sends to Kafka itself.
 * The rows are deleted again in the same transaction: the INSERT still reaches the WAL, which is
 * all Debezium reads, and the table never grows. Two statements however many records.
 */
export async function addToOutbox(tx: Queryable, records: OutboxRecord | OutboxRecord[]): Promise<void> {
  const all = Array.isArray(records) ? records : [records];
  if (all.length === 0) return;
  const rows = all.map((_, row) => `(${placeholders(OUTBOX_COLUMN_COUNT, row * OUTBOX_COLUMN_COUNT + 1)})`);
  await tx.query(
    `INSERT INTO public.outbox (${OUTBOX_COLUMNS}) VALUES ${rows.join(', ')}`,
    all.flatMap(outboxValues),
  );
  await tx.query('DELETE FROM public.outbox WHERE id = ANY($1::uuid[])', [all.map((record) => record.id)]);
}
