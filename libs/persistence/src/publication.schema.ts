/**
 * The publication of a database's one Debezium connector: its outbox tables and the tables whose
 * changes feed read models, plus the heartbeat table, so the slot moves on while they are quiet.
 * Deletes are published for the read models; the outbox router drops those of purged outbox rows.
 * Idempotent; the schema owns the publication (connectors run with autocreate disabled).
 */
export function connectorPublicationDdl(publication: string, tables: readonly string[]): string {
  const list = [...tables, 'debezium_heartbeat'].map((table) => `public.${table}`).join(', ');
  return `
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_publication WHERE pubname = '${publication}') THEN
    CREATE PUBLICATION ${publication} FOR TABLE ${list} WITH (publish = 'insert, update, delete');
  END IF;
END
$$;
`;
}
