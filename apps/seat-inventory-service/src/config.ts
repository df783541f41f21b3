import {
  flag,
  type KafkaConnection,
  kafkaConnectionSchema,
  parseEnvironment,
  port,
  type PostgresDatabase,
  postgresDatabaseSchema,
} from '@platform/config';
import { kafkaClientKinds, type KafkaClientKind } from '@platform/messaging';
import { z } from 'zod';

const databaseSchema = postgresDatabaseSchema('SEAT_INVENTORY', 'platform');

const schema = z
  .object({
    KAFKA_CLIENT: z.enum(kafkaClientKinds).default('platformatic'),
    HTTP_PORT: port.default(3002),
    SEED_DEMO_MODULES: flag.default(false),
  })
  .and(databaseSchema)
  .and(kafkaConnectionSchema);

export interface Config {
  database: PostgresDatabase;
  kafka: KafkaConnection & { client: KafkaClientKind };
  httpPort: number;
  seedDemoModules: boolean;
}

const SERVICE = 'seat-inventory-service';

/** The only reader of the environment: validates once and names every bad variable in one error. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const e = parseEnvironment(SERVICE, schema, env);
  return {
    database: e.database,
    kafka: { ...e.kafka, client: e.KAFKA_CLIENT },
    httpPort: e.HTTP_PORT,
    seedDemoModules: e.SEED_DEMO_MODULES,
  };
}

/** Just the database, for the migration command the stack and deployments run before the service. */
export function loadDatabaseConfig(env: NodeJS.ProcessEnv = process.env): Config['database'] {
  return parseEnvironment(SERVICE, databaseSchema, env).database;
}
