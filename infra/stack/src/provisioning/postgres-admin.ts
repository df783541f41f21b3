import { Client } from 'pg';
import type { StackConfig } from '../stack.config';

/** A superuser connection to the cluster for one short task. */
export async function withPostgresAdmin<T>(
  config: StackConfig,
  task: (client: Client) => Promise<T>,
): Promise<T> {
  const { host, port, user, password } = config.endpoints.postgres;
  const client = new Client({ host, port, user, password, database: 'postgres' });
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
