import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';
import type { StackConfig } from '../stack.config';

/**
 * Applies infra/postgres/schemas/<database>.sql, as the database's owner, for the databases the
 * stack itself uses (the smoke test's outbox). Services bring their own migrations. The files are
 * idempotent, so this runs on every `up`.
 */
export async function applySchemas(config: StackConfig): Promise<string[]> {
  const applied: string[] = [];
  for (const database of config.databases) {
    const file = resolve(config.repoRoot, 'infra/postgres/schemas', `${database.name}.sql`);
    if (!existsSync(file)) continue;
    const client = new Client({
      host: config.endpoints.postgres.host,
      port: config.endpoints.postgres.port,
      user: database.owner,
      password: database.password,
      database: database.name,
    });
    await client.connect();
    try {
      await client.query(readFileSync(file, 'utf8'));
      applied.push(database.name);
    } finally {
      await client.end();
    }
  }
  return applied;
}
