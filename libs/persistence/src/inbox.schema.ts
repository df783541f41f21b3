/** Message ids each consumer group has applied, written in the same transaction as the effect. */
export const INBOX_TABLE_DDL = `
CREATE TABLE IF NOT EXISTS inbox (
  consumer_group text        NOT NULL,
  message_id     text        NOT NULL,
  processed_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer_group, message_id)
);
`;
