import { Client } from 'pg';
import { waitUntil } from '../health/wait-until';
import type { StackConfig } from '../stack.config';

/** A plain SQL identifier, quoted; anything else (a name from a file) is refused. */
export function sqlIdentifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain SQL identifier: ${name}`);
  return `"${name}"`;
}

/** A string literal. */
export function sqlLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A superuser connection to the cluster (to one database of it) for one short task. */
export async function withPostgresAdmin<T>(
  config: StackConfig,
  task: (client: Client) => Promise<T>,
  database = 'postgres',
): Promise<T> {
  const { host, port, user, password } = config.endpoints.postgres;
  const client = new Client({ host, port, user, password, database });
  await client.connect();
  try {
    return await task(client);
  } finally {
    await client.end();
  }
}

export function isReplicationSlotActive(config: StackConfig, slotName: string): Promise<boolean> {
  return withPostgresAdmin(config, async (client) => {
    const result = await client.query<{ active: boolean }>(
      'SELECT active FROM pg_replication_slots WHERE slot_name = $1',
      [slotName],
    );
    return result.rows[0]?.active === true;
  });
}

/**
 * Drops a slot once no connector streams from it (a deleted connector's task lets go within
 * seconds); a slot nothing reads would hold the whole cluster's WAL.
 */
export async function dropReplicationSlotOnceReleased(config: StackConfig, slot: string): Promise<void> {
  await waitUntil(
    `replication slot ${slot} released`,
    () =>
      withPostgresAdmin(config, async (admin) => {
        const { rows } = await admin.query<{ active: boolean }>(
          'SELECT active FROM pg_replication_slots WHERE slot_name = $1',
          [slot],
        );
        if (rows.length === 0) return true;
        if (rows[0]!.active) return false;
        await admin.query('SELECT pg_drop_replication_slot($1)', [slot]);
        return true;
      }),
    { timeoutMs: 30_000, intervalMs: 300 },
  );
}
