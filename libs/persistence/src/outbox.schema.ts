/**
 * The payload column as bytes: the UTF-8 JSON exactly as the writer serialised it, which
 * Debezium's BinaryDataConverter publishes as it is, while anything that is not bytes (a CDC row
 * of the same database) goes to its JSON delegate. Idempotent: it converts a jsonb column of an
 * earlier schema and does nothing after. `table` is `outbox` or a table that is its own outbox.
 */
export function payloadAsBytesDdl(table: string): string {
  return `
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM information_schema.columns
              WHERE table_schema = current_schema() AND table_name = '${table}' AND column_name = 'payload'
                AND data_type = 'jsonb') THEN
    ALTER TABLE ${table} ALTER COLUMN payload TYPE bytea USING convert_to(payload::text, 'UTF8');
  END IF;
END
$$;
`;
}

/**
 * The outbox table as Debezium's outbox event router reads it (see infra/connectors/README.md):
 * `aggregatetype` is the exact topic, `aggregateid` the record key, `payload` the value (UTF-8
 * JSON bytes), and the other columns become CloudEvents headers. Rows are deleted a few seconds
 * later in bulk (`purgeOutbox` in @platform/messaging), so the table stays small; the router drops
 * those deletes. Unqualified, it lands in the service's schema (its role's search_path). The
 * connector, not the schema, owns the publication (`publication.autocreate.mode=filtered`).
 */
export const OUTBOX_TABLE_DDL = `
CREATE TABLE IF NOT EXISTS outbox (
  id             uuid        PRIMARY KEY,
  aggregatetype  text        NOT NULL,
  aggregateid    text        NOT NULL,
  type           text        NOT NULL,
  payload        bytea       NOT NULL,
  ce_source      text        NOT NULL,
  ce_specversion text        NOT NULL DEFAULT '1.0',
  ce_time        text        NOT NULL DEFAULT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
  ce_subject     text,
  ce_dataschema  text,
  content_type   text        NOT NULL DEFAULT 'application/json',
  correlation_id text,
  causation_id   text,
  traceparent    text,
  tracestate     text,
  created_at     timestamptz NOT NULL DEFAULT now()
);

${payloadAsBytesDdl('outbox')}`;

/**
 * The table a connector's `heartbeat.action.query` writes, so its slot's position moves on while
 * the tables it reads are quiet. One per connector, in the schema of the role it signs in as.
 */
export const HEARTBEAT_TABLE_DDL = `
CREATE TABLE IF NOT EXISTS debezium_heartbeat (
  id bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ts timestamptz NOT NULL DEFAULT now()
);
`;
