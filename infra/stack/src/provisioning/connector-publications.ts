import type { StackConfig } from '../stack.config';
import type { ConnectorDefinition } from './connectors.provisioner';
import { sqlIdentifier, withPostgresAdmin } from './postgres-admin';

// A table list of regular expressions is Debezium's to match, not this to set.
const PLAIN_TABLE = /^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$/;

/**
 * Makes an existing publication of a connector that creates its own
 * (`publication.autocreate.mode=filtered`) hold exactly its `table.include.list`, before the
 * connector is registered. Debezium 3.7 creates such a publication but fails to change one when
 * `skipped.operations` is set (its `ALTER PUBLICATION … SET TABLE … WITH (…)` is not valid SQL),
 * so a release that adds a table would stop the connector. A publication not there yet is left
 * to Debezium. Returns the publications changed.
 */
export async function alignConnectorPublications(
  config: StackConfig,
  definitions: ConnectorDefinition[],
): Promise<string[]> {
  const changed: string[] = [];
  for (const { config: connector } of definitions) {
    if (connector['publication.autocreate.mode'] !== 'filtered') continue;
    const publication = connector['publication.name'];
    const database = connector['database.dbname'];
    const tables = (connector['table.include.list'] ?? '').split(',').map((table) => table.trim());
    if (!publication || !database || tables.some((table) => !PLAIN_TABLE.test(table))) continue;
    const aligned = await withPostgresAdmin(
      config,
      async (admin) => {
        // No row: the publication is not there yet, and Debezium creates it.
        const { rows } = await admin.query<{ tables: string[] }>(
          `SELECT array(SELECT schemaname || '.' || tablename FROM pg_publication_tables t
                         WHERE t.pubname = p.pubname) AS tables
             FROM pg_publication p WHERE pubname = $1`,
          [publication],
        );
        if (rows.length === 0) return false;
        const current = new Set(rows[0]!.tables);
        if (current.size === tables.length && tables.every((table) => current.has(table))) return false;
        const list = tables.map((table) => table.split('.').map(sqlIdentifier).join('.')).join(', ');
        await admin.query(`ALTER PUBLICATION ${sqlIdentifier(publication)} SET TABLE ${list}`);
        return true;
      },
      database,
    );
    if (aligned) changed.push(publication);
  }
  return changed;
}
