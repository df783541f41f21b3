import { connectorEnvironment } from '../components/kafka-connect.component';
import type { StackConfig } from '../stack.config';
import type { ServiceDefinition } from './service-definitions';
import type { SessionKeyFiles } from './session-keys';

/**
 * A service's environment on the native stack: its `.env.example` defaults, then where the
 * stack's components are and every database's credentials, the session keys, OpenTelemetry's
 * standard `OTEL_*` variables from the caller's environment (so `OTEL_EXPORTER_OTLP_ENDPOINT=…
 * ./platform services up` sends traces to a collector), and last the caller's overrides (tests
 * shorten deadlines, inject faults). Variables a service does not read are ignored by its
 * config schema.
 */
export function serviceEnvironment(
  config: StackConfig,
  service: ServiceDefinition,
  keys: SessionKeyFiles,
  overrides: Record<string, string> = {},
  callerEnv: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  const { endpoints } = config;
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_OPTIONS: '--disable-warning=ExperimentalWarning',
    SWC_NODE_PROJECT: service.tsconfig,
    ...service.defaults,
    ...connectorEnvironment(config),
    REDIS_HOST: endpoints.redis.host,
    REDIS_PORT: String(endpoints.redis.port),
    KAFKA_BROKERS: endpoints.kafka.brokers.join(','),
    JWT_PRIVATE_KEY_FILE: keys.privateKeyFile,
    JWT_PUBLIC_KEY_FILE: keys.publicKeyFile,
    ...openTelemetrySettings(callerEnv),
    ...overrides,
  };
}

function openTelemetrySettings(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] => entry[0].startsWith('OTEL_') && entry[1] !== undefined,
    ),
  );
}
