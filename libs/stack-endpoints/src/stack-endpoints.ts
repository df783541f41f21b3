import { z } from 'zod';

// Where each infrastructure component listens. The native stack, the tests and (later) the
// services read the same variables, so they run unchanged against infrastructure started some
// other way, for example by docker compose.
const port = z.coerce.number().int().min(1).max(65535);

const schema = z.object({
  POSTGRES_HOST: z.string().min(1).default('127.0.0.1'),
  POSTGRES_PORT: port.default(15432),
  POSTGRES_USER: z.string().min(1).default('postgres'),
  POSTGRES_PASSWORD: z.string().min(1).default('postgres'),
  REDIS_HOST: z.string().min(1).default('127.0.0.1'),
  REDIS_PORT: port.default(16379),
  KAFKA_HOST: z.string().min(1).default('127.0.0.1'),
  KAFKA_PORT: port.default(19092),
  KAFKA_CONTROLLER_PORT: port.default(19093),
  KAFKA_SASL_PORT: port.default(19094),
  KAFKA_BROKERS: z.string().optional(),
  KAFKA_CONNECT_HOST: z.string().min(1).default('127.0.0.1'),
  KAFKA_CONNECT_PORT: port.default(18083),
  PROMETHEUS_HOST: z.string().min(1).default('127.0.0.1'),
  PROMETHEUS_PORT: port.default(19090),
});

export const stackEndpointVariables = Object.keys(schema.shape) as (keyof z.infer<typeof schema>)[];

export interface StackEndpoints {
  postgres: { host: string; port: number; user: string; password: string };
  redis: { host: string; port: number };
  kafka: { host: string; port: number; controllerPort: number; saslPort: number; brokers: string[] };
  kafkaConnect: { host: string; port: number; url: string };
  prometheus: { host: string; port: number; url: string };
}

export function readStackEndpoints(env: NodeJS.ProcessEnv = process.env): StackEndpoints {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid stack endpoint variables:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed.data;
  return {
    postgres: {
      host: e.POSTGRES_HOST,
      port: e.POSTGRES_PORT,
      user: e.POSTGRES_USER,
      password: e.POSTGRES_PASSWORD,
    },
    redis: { host: e.REDIS_HOST, port: e.REDIS_PORT },
    kafka: {
      host: e.KAFKA_HOST,
      port: e.KAFKA_PORT,
      controllerPort: e.KAFKA_CONTROLLER_PORT,
      saslPort: e.KAFKA_SASL_PORT,
      brokers: e.KAFKA_BROKERS
        ? e.KAFKA_BROKERS.split(',')
            .map((broker) => broker.trim())
            .filter(Boolean)
        : [`${e.KAFKA_HOST}:${e.KAFKA_PORT}`],
    },
    kafkaConnect: {
      host: e.KAFKA_CONNECT_HOST,
      port: e.KAFKA_CONNECT_PORT,
      url: `http://${e.KAFKA_CONNECT_HOST}:${e.KAFKA_CONNECT_PORT}`,
    },
    prometheus: {
      host: e.PROMETHEUS_HOST,
      port: e.PROMETHEUS_PORT,
      url: `http://${e.PROMETHEUS_HOST}:${e.PROMETHEUS_PORT}`,
    },
  };
}
