import { randomUUID } from 'node:crypto';
import { readStackEndpoints } from '@platform/stack-endpoints';
import { loadConfig, type Config } from '../../src/config';

/** The service's environment against the running stack (credentials from infra/postgres/databases.json). */
export function stackEnvironment(overrides: Record<string, string> = {}): Record<string, string> {
  const endpoints = readStackEndpoints();
  return {
    POSTGRES_HOST: endpoints.postgres.host,
    POSTGRES_PORT: String(endpoints.postgres.port),
    PAYMENT_DB_USER: 'payment',
    PAYMENT_DB_PASSWORD: 'payment',
    PAYMENT_PROVIDER_DB_USER: 'payment_provider',
    PAYMENT_PROVIDER_DB_PASSWORD: 'payment_provider',
    KAFKA_BROKERS: endpoints.kafka.brokers.join(','),
    PAYMENT_SIM_LATENCY_MS: '5',
    PAYMENT_SIM_JITTER_MS: '5',
    // Retries of an unavailable provider stay well under a second.
    PAYMENT_PROVIDER_BACKOFF_INITIAL_MS: '20',
    PAYMENT_PROVIDER_BACKOFF_MAX_MS: '100',
    ...overrides,
  };
}

export function stackConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig(stackEnvironment(overrides));
}

/** Ids of their own per run, so reruns and parallel specs never share a registration. */
export const freshId = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`;

export { eventually } from '@platform/testing';
