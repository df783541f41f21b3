import type { StackConfig } from '../stack.config';
import { withPostgresAdmin } from './postgres-admin';

/**
 * Creates each service's role and database once. Roles may replicate: Debezium reads a database's
 * WAL as its owner, so no superuser credentials reach Kafka Connect.
 */
export function provisionDatabases(config: StackConfig): Promise<string[]> {
  return withPostgresAdmin(config, async (admin) => {
    const created: string[] = [];
    for (const database of config.databases) {
      const role = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [database.owner]);
      if (role.rowCount === 0) {
        await admin.query(
          `CREATE ROLE ${ident(database.owner)} LOGIN REPLICATION PASSWORD ${literal(database.password)}`,
        );
      }
      const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database.name]);
      if (exists.rowCount === 0) {
        await admin.query(`CREATE DATABASE ${ident(database.name)} OWNER ${ident(database.owner)}`);
        created.push(database.name);
      }
    }
    return created;
  });
}

function ident(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain SQL identifier: ${name}`);
  return `"${name}"`;
}

function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
