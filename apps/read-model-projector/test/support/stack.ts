import { randomUUID } from 'node:crypto';
import { readStackEndpoints } from '@platform/stack-endpoints';
import { Pool } from 'pg';
import { loadConfig, type Config } from '../../src/config';

/** The projector's configuration against the running stack, with Redis on the given port. */
export function stackConfig(redisPort: number): Config {
  const endpoints = readStackEndpoints();
  return loadConfig({
    REDIS_HOST: '127.0.0.1',
    REDIS_PORT: String(redisPort),
    KAFKA_BROKERS: endpoints.kafka.brokers.join(','),
    REBUILD_TIMEOUT_MS: '120000',
  });
}

/**
 * A service's schema of the shared database (its role's name and password on the native stack),
 * where the spec writes rows of its own: modules in seat_inventory, registration_status rows in
 * registration.
 */
export function databasePool(schema: 'seat_inventory' | 'registration'): Pool {
  const { postgres } = readStackEndpoints();
  return new Pool({
    host: postgres.host,
    port: postgres.port,
    user: schema,
    password: schema,
    database: 'platform',
    max: 4,
  });
}

/** Ids of their own per run, so reruns and parallel specs never share a row. */
export const freshId = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`;

export { eventually } from '@platform/testing';
