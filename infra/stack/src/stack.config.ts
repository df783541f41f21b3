import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readStackEndpoints, type StackEndpoints } from '@platform/stack-endpoints';
import { z } from 'zod';

/** Where one service's data lives: a schema of the shared database, or a database of its own. */
export interface DatabaseSpec {
  /** The store's name: its schema in the shared database, or the database itself. */
  name: string;
  owner: string;
  password: string;
  /** The database to connect to: the shared one, or `name`. */
  database: string;
  /** True when `name` is a schema of a shared database (ADR 0009). */
  shared: boolean;
}

/** The role Debezium signs in as, and the schema of its heartbeat table in the shared database. */
export interface CdcRoleSpec {
  role: string;
  password: string;
  database: string;
  schema: string;
}

export interface StackConfig {
  repoRoot: string;
  stateDir: string;
  artifactsDir: string;
  logsDir: string;
  runDir: string;
  endpoints: StackEndpoints;
  java: string;
  kafkaHeap: string;
  connectHeap: string;
  startTimeoutMs: number;
  databases: DatabaseSpec[];
  cdc: CdcRoleSpec;
  /**
   * The broker's listener for a fault proxy: the broker listens on `port` and advertises
   * `proxyPort`, where the proxy (the fault matrix's Toxiproxy) listens and forwards to `port`, so
   * clients bootstrapping at `proxyPort` only ever talk through the proxy.
   */
  kafkaProxiedListener: { port: number; proxyPort: number };
}

const repoRoot = resolve(__dirname, '../../..');

const port = z.coerce.number().int().min(1).max(65535);

const settingsSchema = z.object({
  STACK_HOME: z.string().min(1).default(resolve(repoRoot, '.stack')),
  /** Shared by every stack home (the demo's, the tests'): the Maven artifacts are the same. */
  STACK_ARTIFACTS: z.string().min(1).default(resolve(repoRoot, '.stack/artifacts')),
  JAVA_HOME: z.string().optional(),
  STACK_KAFKA_HEAP: z
    .string()
    .regex(/^\d+[mg]$/)
    .default('512m'),
  STACK_CONNECT_HEAP: z
    .string()
    .regex(/^\d+[mg]$/)
    .default('768m'),
  STACK_START_TIMEOUT_SECONDS: z.coerce.number().int().positive().default(180),
  KAFKA_PROXIED_PORT: port.default(19095),
  KAFKA_PROXY_PORT: port.default(19096),
});

/** The only reader of process.env in the stack tool: validated once, every problem in one message. */
export function loadStackConfig(env: NodeJS.ProcessEnv = process.env): StackConfig {
  const parsed = settingsSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid stack settings:\n  ${problems.join('\n  ')}`);
  }
  const settings = parsed.data;
  const stateDir = resolve(settings.STACK_HOME);
  const { databases, cdc } = readDatabases();
  return {
    repoRoot,
    stateDir,
    artifactsDir: resolve(settings.STACK_ARTIFACTS),
    logsDir: resolve(stateDir, 'logs'),
    runDir: resolve(stateDir, 'run'),
    endpoints: readStackEndpoints(env),
    java: settings.JAVA_HOME ? resolve(settings.JAVA_HOME, 'bin/java') : 'java',
    kafkaHeap: settings.STACK_KAFKA_HEAP,
    connectHeap: settings.STACK_CONNECT_HEAP,
    startTimeoutMs: settings.STACK_START_TIMEOUT_SECONDS * 1000,
    databases,
    cdc,
    kafkaProxiedListener: { port: settings.KAFKA_PROXIED_PORT, proxyPort: settings.KAFKA_PROXY_PORT },
  };
}

function readDatabases(): { databases: DatabaseSpec[]; cdc: CdcRoleSpec } {
  const file = JSON.parse(readFileSync(resolve(repoRoot, 'infra/postgres/databases.json'), 'utf8')) as {
    databases: (Omit<DatabaseSpec, 'database' | 'shared'> & { database?: string })[];
    cdc: CdcRoleSpec;
  };
  return {
    databases: file.databases.map((spec) => ({
      ...spec,
      database: spec.database ?? spec.name,
      shared: spec.database !== undefined,
    })),
    cdc: file.cdc,
  };
}
