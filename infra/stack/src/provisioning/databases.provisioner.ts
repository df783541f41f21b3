import { HEARTBEAT_TABLE_DDL } from '@platform/persistence';
import type { CdcRoleSpec, DatabaseSpec, StackConfig } from '../stack.config';
import type { Client } from 'pg';
import { sqlIdentifier as ident, sqlLiteral as literal, withPostgresAdmin } from './postgres-admin';

/**
 * Creates the roles, the databases and the shared database's schemas once (ADR 0009), and makes
 * their grants what infra/postgres/databases.json says on every run. A store of its own is a
 * database its role owns; a shared store is a schema its role owns, on its role's search_path,
 * with no grant on any other schema. Debezium's role may replicate and is a member of the shared
 * stores' roles, so it may own the one publication of their tables; its heartbeat table is in a
 * schema of its own. Returns the databases created.
 */
export async function provisionDatabases(config: StackConfig): Promise<string[]> {
  const created = await withPostgresAdmin(config, async (admin) => {
    const made: string[] = [];
    for (const store of config.databases) {
      await ensureRole(admin, store.owner, store.password, { replication: !store.shared });
    }
    await ensureRole(admin, config.cdc.role, config.cdc.password, { replication: true });
    const databases = new Map<string, string>([
      ...config.databases.filter((store) => !store.shared).map((store) => [store.name, store.owner] as const),
      [config.cdc.database, config.endpoints.postgres.user],
    ]);
    for (const [database, owner] of databases) {
      const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      if (exists.rowCount === 0) {
        await admin.query(`CREATE DATABASE ${ident(database)} OWNER ${ident(owner)}`);
        made.push(database);
      }
    }
    return made;
  });
  const shared = config.databases.filter((store) => store.shared);
  await withPostgresAdmin(
    config,
    (admin) => provisionSharedDatabase(admin, shared, config.cdc),
    config.cdc.database,
  );
  return created;
}

async function ensureRole(
  admin: Client,
  role: string,
  password: string,
  { replication }: { replication: boolean },
): Promise<void> {
  const { rowCount } = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
  const verb = rowCount === 0 ? 'CREATE' : 'ALTER';
  await admin.query(
    `${verb} ROLE ${ident(role)} LOGIN ${replication ? 'REPLICATION' : 'NOREPLICATION'} PASSWORD ${literal(password)}`,
  );
}

async function provisionSharedDatabase(
  admin: Client,
  stores: DatabaseSpec[],
  cdc: CdcRoleSpec,
): Promise<void> {
  const database = ident(cdc.database);
  // Nobody but the owner creates in public; each store has a schema of its own instead.
  await admin.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
  for (const store of stores) {
    await admin.query(`CREATE SCHEMA IF NOT EXISTS ${ident(store.name)} AUTHORIZATION ${ident(store.owner)}`);
    await admin.query(
      `ALTER ROLE ${ident(store.owner)} IN DATABASE ${database} SET search_path = ${ident(store.name)}`,
    );
    await admin.query(`GRANT ${ident(store.owner)} TO ${ident(cdc.role)}`);
  }
  // CREATE on the database lets Debezium create its publication (publication.autocreate.mode=filtered).
  await admin.query(`GRANT CREATE ON DATABASE ${database} TO ${ident(cdc.role)}`);
  await admin.query(`CREATE SCHEMA IF NOT EXISTS ${ident(cdc.schema)} AUTHORIZATION ${ident(cdc.role)}`);
  await admin.query(
    `ALTER ROLE ${ident(cdc.role)} IN DATABASE ${database} SET search_path = ${ident(cdc.schema)}`,
  );
  await admin.query(`SET ROLE ${ident(cdc.role)}`);
  try {
    await admin.query(`SET search_path = ${ident(cdc.schema)}`);
    await admin.query(HEARTBEAT_TABLE_DDL);
  } finally {
    await admin.query('RESET ROLE');
    await admin.query('RESET search_path');
  }
}
