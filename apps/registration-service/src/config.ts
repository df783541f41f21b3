import { readFileSync } from 'node:fs';
import {
  ConfigurationError,
  describeIssues,
  flag,
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

const SERVICE = 'registration-service';

const databaseSchema = postgresDatabaseSchema('REGISTRATION', 'platform');

const positiveInt = z.coerce.number().int().min(1);

/** A comma-separated list of browser origins (`scheme://host[:port]`, no path). */
const originList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().regex(/^https?:\/\/[^/\s]+$/, 'expected scheme://host[:port]')));

// scrypt's N is 2^cost; 15 (32 MiB per hash) is OWASP's floor, tests and seeds go lower.
const passwordHashCost = z.coerce.number().int().min(1).max(20);

const schema = z
  .object({
    KAFKA_CLIENT: z.enum(kafkaClientKinds).default('platformatic'),
    REDIS_HOST: z.string().min(1).default('127.0.0.1'),
    REDIS_PORT: port.default(16379),
    HTTP_PORT: port.default(3001),
    SNAPSHOT_EVERY: positiveInt.default(10),
    PASSWORD_HASH_COST: passwordHashCost.default(15),
    JWT_PRIVATE_KEY: z.string().min(1).optional(),
    JWT_PRIVATE_KEY_FILE: z.string().min(1).optional(),
    JWT_PUBLIC_KEY: z.string().min(1).optional(),
    JWT_PUBLIC_KEY_FILE: z.string().min(1).optional(),
    JWT_ISSUER: z.string().min(1).default('course-platform/registration-service'),
    JWT_AUDIENCE: z.string().min(1).default('course-platform'),
    SESSION_TTL_SECONDS: positiveInt.default(900),
    SESSION_SWEEP_INTERVAL_MS: milliseconds.default(5000),
    THROTTLE_WINDOW_MS: milliseconds.default(60_000),
    THROTTLE_LIMIT_PER_STUDENT: positiveInt.default(600),
    THROTTLE_LIMIT_PER_ADDRESS: positiveInt.default(20_000),
    MAX_IN_FLIGHT_REQUESTS: positiveInt.default(512),
    SEED_DEMO_STUDENTS: flag.default(false),
    CORS_ALLOWED_ORIGINS: originList.default(['http://localhost:3000', 'http://127.0.0.1:3000']),
  })
  .and(databaseSchema)
  .and(kafkaConnectionSchema);

export interface Config {
  database: PostgresDatabase;
  kafka: KafkaConnection & { client: KafkaClientKind };
  redis: { host: string; port: number };
  httpPort: number;
  snapshotEvery: number;
  passwordHashCost: number;
  tokens: {
    privateKeyPem: string;
    publicKeyPem: string;
    issuer: string;
    audience: string;
    ttlSeconds: number;
  };
  sessionSweepIntervalMs: number;
  throttle: { windowMs: number; perStudent: number; perAddress: number };
  maxInFlightRequests: number;
  seedDemoStudents: boolean;
  /** Browser origins allowed to call the API (the student page). */
  corsAllowedOrigins: string[];
}

/** The only reader of the environment: validates once and names every bad variable in one error. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  const problems = parsed.success ? [] : describeIssues(parsed.error);
  for (const key of ['JWT_PRIVATE_KEY', 'JWT_PUBLIC_KEY'] as const) {
    if (!env[key] && !env[`${key}_FILE`])
      problems.push(`${key}: set ${key} (PEM text) or ${key}_FILE (a path)`);
  }
  if (!parsed.success || problems.length > 0) throw new ConfigurationError(SERVICE, problems);
  const e = parsed.data;
  const pem = (key: 'JWT_PRIVATE_KEY' | 'JWT_PUBLIC_KEY'): string => {
    const inline = e[key];
    // A PEM in a one-line variable (a .env file, a CI secret) carries its newlines as \n.
    if (inline) return inline.replace(/\\n/g, '\n');
    const path = e[`${key}_FILE`] as string;
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      problems.push(`${key}_FILE: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
      return '';
    }
  };
  const privateKeyPem = pem('JWT_PRIVATE_KEY');
  const publicKeyPem = pem('JWT_PUBLIC_KEY');
  if (problems.length > 0) throw new ConfigurationError(SERVICE, problems);

  return {
    database: e.database,
    kafka: { ...e.kafka, client: e.KAFKA_CLIENT },
    redis: { host: e.REDIS_HOST, port: e.REDIS_PORT },
    httpPort: e.HTTP_PORT,
    snapshotEvery: e.SNAPSHOT_EVERY,
    passwordHashCost: e.PASSWORD_HASH_COST,
    tokens: {
      privateKeyPem,
      publicKeyPem,
      issuer: e.JWT_ISSUER,
      audience: e.JWT_AUDIENCE,
      ttlSeconds: e.SESSION_TTL_SECONDS,
    },
    sessionSweepIntervalMs: e.SESSION_SWEEP_INTERVAL_MS,
    throttle: {
      windowMs: e.THROTTLE_WINDOW_MS,
      perStudent: e.THROTTLE_LIMIT_PER_STUDENT,
      perAddress: e.THROTTLE_LIMIT_PER_ADDRESS,
    },
    maxInFlightRequests: e.MAX_IN_FLIGHT_REQUESTS,
    seedDemoStudents: e.SEED_DEMO_STUDENTS,
    corsAllowedOrigins: e.CORS_ALLOWED_ORIGINS,
  };
}

/** Just the database, for the migration command the stack and deployments run before the service. */
export function loadDatabaseConfig(env: NodeJS.ProcessEnv = process.env): Config['database'] {
  return parseEnvironment(SERVICE, databaseSchema, env).database;
}

/** The database and the hash cost, for the seed command. */
export function loadSeedConfig(env: NodeJS.ProcessEnv = process.env): {
  database: Config['database'];
  passwordHashCost: number;
} {
  const e = parseEnvironment(
    SERVICE,
    z.object({ PASSWORD_HASH_COST: passwordHashCost.default(15) }).and(databaseSchema),
    env,
  );
  return { database: e.database, passwordHashCost: e.PASSWORD_HASH_COST };
}
