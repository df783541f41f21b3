import {
  type KafkaConnection,
  kafkaConnectionSchema,
  milliseconds,
  parseEnvironment,
  port,
} from '@platform/config';
import { kafkaClientKinds, type KafkaClientKind } from '@platform/messaging';
import { z } from 'zod';

const schema = z
  .object({
    REDIS_HOST: z.string().min(1).default('127.0.0.1'),
    REDIS_PORT: port.default(16379),
    KAFKA_CLIENT: z.enum(kafkaClientKinds).default('platformatic'),
    HTTP_PORT: port.default(3005),
    REBUILD_TIMEOUT_MS: milliseconds.default(600_000),
  })
  .and(kafkaConnectionSchema);

export interface Config {
  redis: { host: string; port: number };
  kafka: KafkaConnection & { client: KafkaClientKind };
  httpPort: number;
  rebuildTimeoutMs: number;
}

/** The only reader of the environment: validates once and names every bad variable in one error. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const e = parseEnvironment('read-model-projector', schema, env);
  return {
    redis: { host: e.REDIS_HOST, port: e.REDIS_PORT },
    kafka: { ...e.kafka, client: e.KAFKA_CLIENT },
    httpPort: e.HTTP_PORT,
    rebuildTimeoutMs: e.REBUILD_TIMEOUT_MS,
  };
}
