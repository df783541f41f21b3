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
 * Writes messages into the service's outbox inside the caller's transaction, so the state change
 * and its messages commit or roll back together; business code never sends to Kafka itself.
 * The row is deleted again in the same transaction: the INSERT still reaches the WAL, which is
 * all Debezium reads, and the table never grows.
 */
export async function addToOutbox(tx: Queryable, records: OutboxRecord | OutboxRecord[]): Promise<void> {
  for (const record of Array.isArray(records) ? records : [records]) {
    await tx.query(
      `INSERT INTO public.outbox (id, aggregatetype, aggregateid, type, payload, ce_source, ce_time, ce_subject,
         ce_dataschema, correlation_id, causation_id, traceparent, tracestate)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
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
      ],
    );
    await tx.query('DELETE FROM public.outbox WHERE id = $1', [record.id]);
  }
}
