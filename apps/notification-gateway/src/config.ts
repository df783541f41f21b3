import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import {
  ConfigurationError,
  describeIssues,
  type KafkaConnection,
  kafkaConnectionSchema,
  milliseconds,
  port,
} from '@platform/config';
import { kafkaClientKinds, type KafkaClientKind } from '@platform/messaging';
import { z } from 'zod';

const SERVICE = 'notification-gateway';
const positiveInt = z.coerce.number().int().min(1);
const origins = z.string().transform((value) =>
  value
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean),
);

const schema = z
  .object({
    HTTP_PORT: port.default(3006),
    REDIS_HOST: z.string().min(1).default('127.0.0.1'),
    REDIS_PORT: port.default(16379),
    KAFKA_CLIENT: z.enum(kafkaClientKinds).default('platformatic'),
    JWT_PUBLIC_KEY: z.string().min(1).optional(),
    JWT_PUBLIC_KEY_FILE: z.string().min(1).optional(),
    JWT_ISSUER: z.string().min(1).default('course-platform/registration-service'),
    JWT_AUDIENCE: z.string().min(1).default('course-platform'),
    GATEWAY_INSTANCE_ID: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,100}$/)
      .default(`${hostname()}-${process.pid}`),
    GATEWAY_ALLOWED_ORIGINS: origins.default(['http://localhost:3000', 'http://127.0.0.1:3000']),
    GATEWAY_MAX_MESSAGE_BYTES: positiveInt.default(16 * 1024),
    GATEWAY_MAX_SUBSCRIPTIONS: positiveInt.default(50),
    GATEWAY_MAX_QUEUED: positiveInt.default(256),
    GATEWAY_MAX_BUFFERED_BYTES: positiveInt.default(1024 * 1024),
    GATEWAY_QUEUE_FULL_MS: milliseconds.default(5000),
    GATEWAY_RATE_LIMIT_PER_SECOND: positiveInt.default(20),
    GATEWAY_PING_INTERVAL_MS: milliseconds.default(15_000),
    GATEWAY_SESSION_WAIT_MS: milliseconds.default(10_000),
  })
  .and(kafkaConnectionSchema);

export interface GatewaySettings {
  instanceId: string;
  allowedOrigins: string[];
  maxMessageBytes: number;
  maxSubscriptions: number;
  /** Messages waiting per connection, beyond what the socket buffers. */
  maxQueued: number;
  /** Bytes the socket may buffer before the queue holds messages back. */
  maxBufferedBytes: number;
  /** How long the queue may stay full before the client is closed with 1013. */
  queueFullMs: number;
  ratePerSecond: number;
  pingIntervalMs: number;
  /**
   * How long after a token was issued its SessionCreated may still be on the way (outbox, Debezium,
   * Kafka): an unknown session is waited for until then, and refused after.
   */
  sessionWaitMs: number;
}

export interface Config {
  httpPort: number;
  redis: { host: string; port: number };
  kafka: KafkaConnection & { client: KafkaClientKind };
  jwt: { publicKeyPem: string; issuer: string; audience: string };
  gateway: GatewaySettings;
}

/** The only reader of the environment: validates once and names every bad variable in one error. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  const problems = parsed.success ? [] : describeIssues(parsed.error);
  if (!env.JWT_PUBLIC_KEY && !env.JWT_PUBLIC_KEY_FILE)
    problems.push('JWT_PUBLIC_KEY: set JWT_PUBLIC_KEY (PEM text) or JWT_PUBLIC_KEY_FILE (a path)');
  if (!parsed.success || problems.length > 0) throw new ConfigurationError(SERVICE, problems);
  const e = parsed.data;
  let publicKeyPem = '';
  // A PEM in a one-line variable (a .env file, a CI secret) carries its newlines as \n.
  if (e.JWT_PUBLIC_KEY) publicKeyPem = e.JWT_PUBLIC_KEY.replace(/\\n/g, '\n');
  else {
    try {
      publicKeyPem = readFileSync(e.JWT_PUBLIC_KEY_FILE as string, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      throw new ConfigurationError(SERVICE, [
        `JWT_PUBLIC_KEY_FILE: cannot read ${e.JWT_PUBLIC_KEY_FILE} (${code})`,
      ]);
    }
  }
  return {
    httpPort: e.HTTP_PORT,
    redis: { host: e.REDIS_HOST, port: e.REDIS_PORT },
    kafka: { ...e.kafka, client: e.KAFKA_CLIENT },
    jwt: { publicKeyPem, issuer: e.JWT_ISSUER, audience: e.JWT_AUDIENCE },
    gateway: {
      instanceId: e.GATEWAY_INSTANCE_ID,
      allowedOrigins: e.GATEWAY_ALLOWED_ORIGINS,
      maxMessageBytes: e.GATEWAY_MAX_MESSAGE_BYTES,
      maxSubscriptions: e.GATEWAY_MAX_SUBSCRIPTIONS,
      maxQueued: e.GATEWAY_MAX_QUEUED,
      maxBufferedBytes: e.GATEWAY_MAX_BUFFERED_BYTES,
      queueFullMs: e.GATEWAY_QUEUE_FULL_MS,
      ratePerSecond: e.GATEWAY_RATE_LIMIT_PER_SECOND,
      pingIntervalMs: e.GATEWAY_PING_INTERVAL_MS,
      sessionWaitMs: e.GATEWAY_SESSION_WAIT_MS,
    },
  };
}
