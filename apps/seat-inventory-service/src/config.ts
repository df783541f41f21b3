import { flag, type KafkaConnection, kafkaConnectionSchema, parseEnvironment, port } from '@platform/config';
import { kafkaClientKinds, type KafkaClientKind } from '@platform/messaging';
import { z } from 'zod';

const databaseSchema = z.object({
  POSTGRES_HOST: z.string().min(1).default('127.0.0.1'),
  POSTGRES_PORT: port.default(15432),
  SEAT_INVENTORY_DB_USER: z.string().min(1),
  SEAT_INVENTORY_DB_PASSWORD: z.string().min(1),
  SEAT_INVENTORY_DB_NAME: z.string().min(1).default('seat_inventory'),
});

const schema = databaseSchema
  .extend({
    KAFKA_CLIENT: z.enum(kafkaClientKinds).default('platformatic'),
    HTTP_PORT: port.default(3002),
    SEED_DEMO_MODULES: flag.default(false),
  })
  .and(kafkaConnectionSchema);

export interface Config {
  database: { host: string; port: number; user: string; password: string; database: string };
  kafka: KafkaConnection & { client: KafkaClientKind };
  httpPort: number;
  seedDemoModules: boolean;
}

const SERVICE = 'seat-inventory-service';

/** The only reader of the environment: validates once and names every bad variable in one error. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const e = parseEnvironment(SERVICE, schema, env);
  return {
    database: databaseOf(e),
    kafka: { ...e.kafka, client: e.KAFKA_CLIENT },
    httpPort: e.HTTP_PORT,
    seedDemoModules: e.SEED_DEMO_MODULES,
  };
}

/** Just the database, for the migration command the stack and deployments run before the service. */
export function loadDatabaseConfig(env: NodeJS.ProcessEnv = process.env): Config['database'] {
  return databaseOf(parseEnvironment(SERVICE, databaseSchema, env));
}

function databaseOf(e: z.infer<typeof databaseSchema>): Config['database'] {
  return {
    host: e.POSTGRES_HOST,
    port: e.POSTGRES_PORT,
    user: e.SEAT_INVENTORY_DB_USER,
    password: e.SEAT_INVENTORY_DB_PASSWORD,
    database: e.SEAT_INVENTORY_DB_NAME,
  };
}
