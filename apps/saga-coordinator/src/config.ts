import {
  type KafkaConnection,
  kafkaConnectionSchema,
  milliseconds,
  parseEnvironment,
  port,
  type PostgresDatabase,
  postgresDatabaseSchema,
} from '@platform/config';
import { kafkaClientKinds, type KafkaClientKind } from '@platform/messaging';
import { z } from 'zod';
import type { RegistrationSagaSettings } from './registration/registration.saga';

const databaseSchema = postgresDatabaseSchema('SAGA', 'platform');

const schema = z
  .object({
    KAFKA_CLIENT: z.enum(kafkaClientKinds).default('platformatic'),
    HTTP_PORT: port.default(3004),
    SAGA_SEAT_DEADLINE_MS: milliseconds.default(10_000),
    // The payment service's worst case with its timeout, retries and breaker is about 6.3 s.
    SAGA_PAYMENT_DEADLINE_MS: milliseconds.default(15_000),
    SAGA_COMPENSATION_DEADLINE_MS: milliseconds.default(10_000),
    SAGA_COMPENSATION_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(3),
    SAGA_DEADLINE_POLL_INTERVAL_MS: milliseconds.default(250),
  })
  .and(databaseSchema)
  .and(kafkaConnectionSchema);

export interface Config {
  database: PostgresDatabase;
  kafka: KafkaConnection & { client: KafkaClientKind };
  httpPort: number;
  saga: RegistrationSagaSettings;
  deadlinePollIntervalMs: number;
}

const SERVICE = 'saga-coordinator';

/** The only reader of the environment: validates once and names every bad variable in one error. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const e = parseEnvironment(SERVICE, schema, env);
  return {
    database: e.database,
    kafka: { ...e.kafka, client: e.KAFKA_CLIENT },
    httpPort: e.HTTP_PORT,
    saga: {
      seatDeadlineMs: e.SAGA_SEAT_DEADLINE_MS,
      paymentDeadlineMs: e.SAGA_PAYMENT_DEADLINE_MS,
      compensationDeadlineMs: e.SAGA_COMPENSATION_DEADLINE_MS,
      compensationMaxAttempts: e.SAGA_COMPENSATION_MAX_ATTEMPTS,
    },
    deadlinePollIntervalMs: e.SAGA_DEADLINE_POLL_INTERVAL_MS,
  };
}

/** Just the database, for the migration command the stack and deployments run before the service. */
export function loadDatabaseConfig(env: NodeJS.ProcessEnv = process.env): Config['database'] {
  return parseEnvironment(SERVICE, databaseSchema, env).database;
}
