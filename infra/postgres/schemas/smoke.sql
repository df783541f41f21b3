-- Transactional outbox captured by Debezium (see outbox-smoke.json) and routed by
-- io.debezium.transforms.outbox.EventRouter. Apply in every database that has an outbox.
--
-- One row = one Kafka record:
--   topic   = aggregatetype           (exact Kafka topic name, e.g. 'registration.events';
--                                       the topic must already exist: auto-create is off)
--   key     = aggregateid             (UTF-8 string)
--   value   = payload                 (the JSON document itself)
--   headers = id -> ce_id, type -> ce_type, and every ce_* / content_type / tracing column
--             below under the header name given in the connector's
--             table.fields.additional.placement. String headers are raw UTF-8 bytes.
--             A NULL column yields a header with a null value (treat as absent).
--
-- Writers: INSERT the row in the same transaction as the state change, and preferably DELETE
-- it again in that same transaction (the INSERT still reaches the WAL and Kafka; the table
-- stays empty, so a connector (re)snapshot, snapshot.mode=when_needed, has nothing to replay).
-- Deletes and updates are never published (publication publishes INSERT only) and are
-- additionally skipped by the connector (skipped.operations=u,d,t). Never UPDATE rows.

CREATE TABLE IF NOT EXISTS public.outbox (
    id             uuid        PRIMARY KEY,          -- header ce_id (CloudEvents id)
    aggregatetype  text        NOT NULL,             -- Kafka topic (exact name)
    aggregateid    text        NOT NULL,             -- Kafka record key
    type           text        NOT NULL,             -- header ce_type
    payload        jsonb       NOT NULL,             -- Kafka record value
    ce_source      text        NOT NULL,             -- header ce_source, e.g. '/services/registration'
    ce_specversion text        NOT NULL DEFAULT '1.0',
    ce_time        text        NOT NULL DEFAULT to_char(clock_timestamp() AT TIME ZONE 'UTC',
                                                        'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    ce_subject     text,                             -- header ce_subject (optional)
    content_type   text        NOT NULL DEFAULT 'application/json', -- header content-type
    correlation_id text,
    causation_id   text,
    traceparent    text,                             -- W3C trace context
    created_at     timestamptz NOT NULL DEFAULT now() -- not emitted; for housekeeping only
);

-- Written by the connector's heartbeat.action.query so that an otherwise quiet database
-- still produces a change inside the publication; the connector then commits a newer LSN
-- and Postgres can recycle WAL (including WAL written by other databases of the cluster).
-- The publication below only publishes INSERTs, so the heartbeat must be an INSERT, not an
-- UPSERT (ON CONFLICT DO UPDATE would be an UPDATE and never reach the connector):
--   WITH purge AS (DELETE FROM public.debezium_heartbeat)
--   INSERT INTO public.debezium_heartbeat (ts) VALUES (now())
-- keeps one row. Heartbeat change events are dropped by a Filter SMT (no topic needed).
CREATE TABLE IF NOT EXISTS public.debezium_heartbeat (
    id bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ts timestamptz NOT NULL DEFAULT now()
);

-- Publication read by the connector (publication.name = dbz_outbox,
-- publication.autocreate.mode = disabled). Publications are per database, so every database
-- with an outbox uses the same name; replication slots are cluster-wide and are named per
-- connector (slot.name). Only INSERTs are published: outbox rows are immutable and deleting
-- them (same transaction or later) must not produce events.
-- It is owned by the migrations rather than auto-created by Debezium because Debezium
-- 3.7.0's "filtered" mode issues invalid SQL (ALTER PUBLICATION ... SET TABLE ... WITH (...))
-- whenever an existing publication's table list differs from table.include.list.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_publication WHERE pubname = 'dbz_outbox') THEN
        CREATE PUBLICATION dbz_outbox FOR TABLE public.outbox, public.debezium_heartbeat
            WITH (publish = 'insert');
    END IF;
END
$$;
