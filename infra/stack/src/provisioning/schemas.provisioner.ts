import { Client } from 'pg';
import { HEARTBEAT_TABLE_DDL, INBOX_TABLE_DDL, OUTBOX_TABLE_DDL } from '@platform/persistence';
import type { StackConfig } from '../stack.config';

/**
 * The schemas of the databases the stack itself uses: the smoke test's outbox and the messaging
 * library's test database. Services bring their own migrations, which `up` runs next. The DDL
 * is idempotent, so this runs on every `up`.
 */
const STACK_SCHEMAS: Record<string, string[]> = {
  smoke: [OUTBOX_TABLE_DDL, HEARTBEAT_TABLE_DDL],
  messaging_test: [OUTBOX_TABLE_DDL, INBOX_TABLE_DDL],
};

export async function applySchemas(config: StackConfig): Promise<string[]> {
  const applied: string[] = [];
  for (const database of config.databases) {
    const statements = STACK_SCHEMAS[database.name];
    if (!statements) continue;
    const client = new Client({
      host: config.endpoints.postgres.host,
      port: config.endpoints.postgres.port,
      user: database.owner,
      password: database.password,
      database: database.database,
    });
    await client.connect();
    try {
      for (const statement of statements) await client.query(statement);
      applied.push(database.name);
    } finally {
      await client.end();
    }
  }
  return applied;
}
