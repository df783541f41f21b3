import { insertsAtCommitOf, multiRowInsert, type Queryable } from '@platform/persistence';

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

const OUTBOX_TABLE = 'outbox';

/** The values of one record for `OUTBOX_COLUMNS`. */
export function outboxValues(record: OutboxRecord): unknown[] {
  return [
    record.id,
    record.topic,
    record.key,
    record.type,
    // Bytes, not text: Postgres would read a string as bytea's escape format (backslashes).
    Buffer.from(JSON.stringify(record.data), 'utf8'),
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

/**
 * Writes messages into the service's outbox inside the caller's transaction, so the state change
 * and its messages commit or roll back together; business code never sends to Kafka itself.
 * In a group commit the rows are inserted at its commit, with the other units' rows in one
 * statement (InsertsAtCommit); elsewhere, one statement however many records. Debezium reads the
 * INSERT from the WAL, so the row itself is never read: `purgeOutbox` deletes what is older than
 * a few seconds, in one statement now and then instead of one per message.
 */
export async function addToOutbox(tx: Queryable, records: OutboxRecord | OutboxRecord[]): Promise<void> {
  const rows = (Array.isArray(records) ? records : [records]).map(outboxValues);
  if (rows.length === 0) return;
  const atCommit = insertsAtCommitOf(tx);
  if (atCommit) return atCommit.insertAtCommit(OUTBOX_TABLE, OUTBOX_COLUMNS, rows);
  await tx.query(multiRowInsert(OUTBOX_TABLE, OUTBOX_COLUMNS, rows.length), rows.flat());
}

/**
 * Deletes outbox rows written more than `olderThanMs` ago; returns how many. The connector only
 * publishes INSERTs, so deleting is housekeeping. A row still there when the connector has to
 * snapshot the table again (its slot was lost) is published once more, which consumers' inboxes
 * turn away.
 */
export async function purgeOutbox(db: Queryable, olderThanMs: number): Promise<number> {
  const result = await db.query('DELETE FROM outbox WHERE created_at < now() - make_interval(secs => $1)', [
    olderThanMs / 1000,
  ]);
  return result.rowCount ?? 0;
}
