-- The tables one saga step touches, shaped as in the saga database (inbox, instance, history,
-- outbox), in a scratch database of the bench's own.
DROP TABLE IF EXISTS inbox, saga_instances, saga_history, outbox;
CREATE TABLE inbox (
  consumer_group text NOT NULL,
  message_id     uuid NOT NULL,
  processed_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer_group, message_id)
);
CREATE TABLE saga_instances (
  registration_id bigint PRIMARY KEY,
  status          text NOT NULL,
  state           jsonb NOT NULL,
  version         integer NOT NULL,
  deadline_at     timestamptz,
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ON saga_instances (deadline_at);
CREATE TABLE saga_history (
  registration_id bigint NOT NULL,
  seq             bigint GENERATED ALWAYS AS IDENTITY,
  input           jsonb NOT NULL,
  commands        jsonb NOT NULL,
  at              timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (registration_id, seq)
);
CREATE TABLE outbox (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  aggregatetype text NOT NULL,
  aggregateid   text NOT NULL,
  type          text NOT NULL,
  payload       jsonb NOT NULL,
  ce_source     text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
INSERT INTO saga_instances (registration_id, status, state, version, deadline_at)
SELECT i, 'RESERVING', '{"status":"RESERVING"}', 1, now() + interval '1 hour' FROM generate_series(1, 100000) AS i;
VACUUM ANALYZE;
