import { readStackEndpoints } from '@platform/stack-endpoints';
import { loadConfig, type Config } from '../../src/config';

/** The service's configuration against the running stack (credentials from infra/postgres/databases.json). */
export function stackConfig(overrides: Record<string, string> = {}): Config {
  const endpoints = readStackEndpoints();
  return loadConfig({
    POSTGRES_HOST: endpoints.postgres.host,
    POSTGRES_PORT: String(endpoints.postgres.port),
    SAGA_DB_USER: 'saga',
    SAGA_DB_PASSWORD: 'saga',
    KAFKA_BROKERS: endpoints.kafka.brokers.join(','),
    ...overrides,
  });
}

export { eventually } from '@platform/testing';
