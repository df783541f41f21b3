import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { readStackEndpoints } from '@platform/stack-endpoints';
import { loadConfig, type Config } from '../../src/config';

/** The service's configuration against the running stack (credentials from infra/postgres/databases.json). */
export function stackConfig(): Config {
  const endpoints = readStackEndpoints();
  return loadConfig({
    POSTGRES_HOST: endpoints.postgres.host,
    POSTGRES_PORT: String(endpoints.postgres.port),
    SEAT_INVENTORY_DB_USER: 'seat_inventory',
    SEAT_INVENTORY_DB_PASSWORD: 'seat_inventory',
    KAFKA_BROKERS: endpoints.kafka.brokers.join(','),
  });
}

/** Module ids of their own per run, so reruns and parallel specs never share a module. */
export const freshId = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`;

/**
 * Waits until `probe` returns something other than undefined or false. The limit is generous on
 * purpose: it bounds a broken run, it never measures speed.
 */
export async function eventually<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await probe();
    if (result !== undefined && result !== false) return result;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}
