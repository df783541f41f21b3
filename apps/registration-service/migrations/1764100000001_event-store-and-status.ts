import type { MigrationBuilder } from 'node-pg-migrate';

export function up(pgm: MigrationBuilder): void {
  // The event store is also the outbox of registration.events: the outbox columns Debezium's
  // router reads, plus the stream and its version. Rows stay (the store is the history), and
  // UNIQUE (stream_id, version) turns a concurrent append at the same version into a conflict.
  pgm.sql(`
    CREATE TABLE registration_events (
      id             uuid        PRIMARY KEY,
      aggregatetype  text        NOT NULL,
      aggregateid    text        NOT NULL,
      type           text        NOT NULL,
      payload        jsonb       NOT NULL,
      ce_source      text        NOT NULL,
      ce_specversion text        NOT NULL DEFAULT '1.0',
      ce_time        text        NOT NULL,
      ce_subject     text,
      ce_dataschema  text,
      content_type   text        NOT NULL DEFAULT 'application/json',
      correlation_id text,
      causation_id   text,
      traceparent    text,
      tracestate     text,
      created_at     timestamptz NOT NULL DEFAULT now(),
      stream_id      text        NOT NULL,
      version        integer     NOT NULL CHECK (version >= 1),
      CONSTRAINT registration_events_stream_version UNIQUE (stream_id, version)
    );

    CREATE FUNCTION registration_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'registration_events is append-only (% refused)', TG_OP;
    END
    $$;
    CREATE TRIGGER registration_events_append_only
      BEFORE UPDATE OR DELETE ON registration_events
      FOR EACH ROW EXECUTE FUNCTION registration_events_append_only();
    CREATE TRIGGER registration_events_no_truncate
      BEFORE TRUNCATE ON registration_events
      FOR EACH STATEMENT EXECUTE FUNCTION registration_events_append_only();

    CREATE TABLE registration_snapshots (
      stream_id  text        PRIMARY KEY,
      version    integer     NOT NULL,
      state      jsonb       NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE registration_status (
      registration_id text        PRIMARY KEY,
      student_id      text        NOT NULL,
      module_id       text        NOT NULL,
      status          text        NOT NULL CHECK (status IN ('PENDING', 'COMPLETED', 'CANCELLED')),
      reason          text        CHECK (reason IN ('NO_SEAT', 'PAYMENT_FAILED', 'TIMEOUT')),
      version         integer     NOT NULL,
      updated_at      timestamptz NOT NULL DEFAULT now()
    );
    -- One live registration per student and module; a cancelled one does not block a new attempt.
    CREATE UNIQUE INDEX registration_status_one_active_per_module
      ON registration_status (student_id, module_id) WHERE status <> 'CANCELLED';
    CREATE INDEX registration_status_by_student ON registration_status (student_id);

    CREATE TABLE idempotency_keys (
      student_id      text        NOT NULL,
      key             text        NOT NULL,
      registration_id text        NOT NULL,
      created_at      timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (student_id, key)
    );
  `);
  // The publication Debezium reads these tables through is the connector's own (ADR 0009).
}

export const down = false;
