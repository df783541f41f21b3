import { kafkaClientKinds, type KafkaClientKind } from '@platform/messaging';
import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65535);

const schema = z.object({
  POSTGRES_HOST: z.string().min(1).default('127.0.0.1'),
  POSTGRES_PORT: port.default(15432),
  SEAT_INVENTORY_DB_USER: z.string().min(1),
  SEAT_INVENTORY_DB_PASSWORD: z.string().min(1),
  SEAT_INVENTORY_DB_NAME: z.string().min(1).default('seat_inventory'),
  KAFKA_BROKERS: z
    .string()
    .default('127.0.0.1:19092')
    .transform((value) =>
      value
        .split(',')
        .map((broker) => broker.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^[^:\s]+:\d+$/, 'expected host:port')).min(1)),
  KAFKA_CLIENT: z.enum(kafkaClientKinds).default('platformatic'),
  HTTP_PORT: port.default(3002),
  SEED_DEMO_MODULES: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
});

export interface Config {
  database: { host: string; port: number; user: string; password: string; database: string };
  kafka: { brokers: string[]; client: KafkaClientKind };
  httpPort: number;
  seedDemoModules: boolean;
}

/** The only reader of the environment: validates once and names every bad variable in one error. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid seat-inventory-service configuration:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed.data;
  return {
    database: {
      host: e.POSTGRES_HOST,
      port: e.POSTGRES_PORT,
      user: e.SEAT_INVENTORY_DB_USER,
      password: e.SEAT_INVENTORY_DB_PASSWORD,
      database: e.SEAT_INVENTORY_DB_NAME,
    },
    kafka: { brokers: e.KAFKA_BROKERS, client: e.KAFKA_CLIENT },
    httpPort: e.HTTP_PORT,
    seedDemoModules: e.SEED_DEMO_MODULES,
  };
}
