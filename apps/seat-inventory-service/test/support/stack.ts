import { randomUUID } from 'node:crypto';
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

export { eventually } from '@platform/testing';
