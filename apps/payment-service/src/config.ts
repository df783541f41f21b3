import {
  flag,
  type KafkaConnection,
  kafkaConnectionSchema,
  milliseconds,
  parseEnvironment,
  port,
  type PostgresDatabase,
  postgresDatabasesSchema,
} from '@platform/config';
import { kafkaClientKinds, type KafkaClientKind } from '@platform/messaging';
import { z } from 'zod';
import type { ReconcilerSettings } from './payment/payment.reconciler';
import type { ProviderPolicyOptions } from './provider/provider.policies';
import type { SimulatedProviderOptions } from './provider/simulated-provider';

const databasesSchema = postgresDatabasesSchema({
  payment: { prefix: 'PAYMENT', defaultName: 'platform' },
  provider: { prefix: 'PAYMENT_PROVIDER', defaultName: 'payment_provider' },
});

const count = z.coerce.number().int().min(0);
const rate = z.coerce.number().min(0).max(1);
// An empty value (`NAME=` in an env file) means unset.
const optionalId = z.preprocess(
  (value) => (value === '' ? undefined : value),
  z.string().min(1).max(128).optional(),
);

const schema = z
  .object({
    KAFKA_CLIENT: z.enum(kafkaClientKinds).default('platformatic'),
    KAFKA_CONSUMER_GROUP: z.string().min(1).default('payment-service'),
    KAFKA_FROM_BEGINNING: flag.default(true),
    HTTP_PORT: port.default(3003),

    PAYMENT_PROVIDER_TIMEOUT_MS: milliseconds.default(2_000),
    PAYMENT_PROVIDER_MAX_RETRIES: count.default(2),
    PAYMENT_PROVIDER_BACKOFF_INITIAL_MS: milliseconds.default(100),
    PAYMENT_PROVIDER_BACKOFF_MAX_MS: milliseconds.default(2_000),
    PAYMENT_BREAKER_THRESHOLD: z.coerce.number().int().min(1).default(5),
    PAYMENT_BREAKER_COOLDOWN_MS: milliseconds.default(10_000),
    PAYMENT_BULKHEAD_MAX_CONCURRENT: z.coerce.number().int().min(1).default(40),
    PAYMENT_BULKHEAD_MAX_QUEUED: count.default(50),

    PAYMENT_SIM_SEED: z.string().min(1).default('payment-simulator'),
    PAYMENT_SIM_LATENCY_MS: count.default(20),
    PAYMENT_SIM_JITTER_MS: count.default(30),
    PAYMENT_SIM_FAILURE_RATE: rate.default(0),
    PAYMENT_SIM_HANG_RATE: rate.default(0),
    PAYMENT_SIM_DECLINE_RATE: rate.default(0),
    PAYMENT_SIM_HANG_MS: milliseconds.default(20_000),

    PAYMENT_RECONCILE_INTERVAL_MS: milliseconds.default(5_000),
    PAYMENT_RECONCILE_WINDOW_MS: milliseconds.default(3_600_000),
    PAYMENT_RECONCILE_SETTLE_MS: milliseconds.default(30_000),
    PAYMENT_RECONCILE_REGISTRATION_PREFIX: z.string().max(128).default(''),

    PAYMENT_FAULT_CRASH_AFTER_CHARGE_FOR_STUDENT: optionalId,
  })
  .refine((e) => e.PAYMENT_SIM_FAILURE_RATE + e.PAYMENT_SIM_HANG_RATE + e.PAYMENT_SIM_DECLINE_RATE <= 1, {
    path: ['PAYMENT_SIM_FAILURE_RATE'],
    message: 'PAYMENT_SIM_FAILURE_RATE + PAYMENT_SIM_HANG_RATE + PAYMENT_SIM_DECLINE_RATE must not exceed 1',
  })
  .refine((e) => e.PAYMENT_PROVIDER_BACKOFF_INITIAL_MS <= e.PAYMENT_PROVIDER_BACKOFF_MAX_MS, {
    path: ['PAYMENT_PROVIDER_BACKOFF_INITIAL_MS'],
    message: 'must not exceed PAYMENT_PROVIDER_BACKOFF_MAX_MS',
  })
  // A slow charge lands up to PAYMENT_SIM_HANG_MS after it started: asking earlier could find
  // nothing, mark the payment reconciled, and miss the money taken afterwards.
  .refine((e) => e.PAYMENT_RECONCILE_SETTLE_MS >= e.PAYMENT_SIM_HANG_MS, {
    path: ['PAYMENT_RECONCILE_SETTLE_MS'],
    message: 'must be at least PAYMENT_SIM_HANG_MS',
  })
  .refine((e) => e.PAYMENT_RECONCILE_SETTLE_MS < e.PAYMENT_RECONCILE_WINDOW_MS, {
    path: ['PAYMENT_RECONCILE_SETTLE_MS'],
    message: 'must be less than PAYMENT_RECONCILE_WINDOW_MS',
  })
  .and(databasesSchema)
  .and(kafkaConnectionSchema);

export interface Config {
  databases: { payment: PostgresDatabase; provider: PostgresDatabase };
  kafka: KafkaConnection & {
    client: KafkaClientKind;
    /** Another group runs an isolated instance (a crash test, a canary) beside the service. */
    groupId: string;
    /** Where a new group starts reading. */
    fromBeginning: boolean;
    /** The consumer takes no more commands at once than the provider's bulkhead admits (calls plus queue). */
    limits: { maxInFlight: number };
  };
  httpPort: number;
  policies: ProviderPolicyOptions;
  simulator: SimulatedProviderOptions;
  reconciler: ReconcilerSettings;
  /** Fault-injection hooks for the crash tests; all off unless set. */
  faults: { crashAfterChargeForStudent?: string };
}

const SERVICE = 'payment-service';

/** The only reader of the environment: validates once and names every bad variable in one error. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const e = parseEnvironment(SERVICE, schema, env);
  return {
    databases: e.databases,
    kafka: {
      ...e.kafka,
      client: e.KAFKA_CLIENT,
      groupId: e.KAFKA_CONSUMER_GROUP,
      fromBeginning: e.KAFKA_FROM_BEGINNING,
      // So a surge waits in Kafka rather than in retries against a full bulkhead.
      limits: { maxInFlight: e.PAYMENT_BULKHEAD_MAX_CONCURRENT + e.PAYMENT_BULKHEAD_MAX_QUEUED },
    },
    httpPort: e.HTTP_PORT,
    policies: {
      timeoutMs: e.PAYMENT_PROVIDER_TIMEOUT_MS,
      maxRetries: e.PAYMENT_PROVIDER_MAX_RETRIES,
      backoffInitialMs: e.PAYMENT_PROVIDER_BACKOFF_INITIAL_MS,
      backoffMaxMs: e.PAYMENT_PROVIDER_BACKOFF_MAX_MS,
      breakerThreshold: e.PAYMENT_BREAKER_THRESHOLD,
      breakerCooldownMs: e.PAYMENT_BREAKER_COOLDOWN_MS,
      maxConcurrent: e.PAYMENT_BULKHEAD_MAX_CONCURRENT,
      maxQueued: e.PAYMENT_BULKHEAD_MAX_QUEUED,
    },
    simulator: {
      seed: e.PAYMENT_SIM_SEED,
      latencyMs: e.PAYMENT_SIM_LATENCY_MS,
      jitterMs: e.PAYMENT_SIM_JITTER_MS,
      failureRate: e.PAYMENT_SIM_FAILURE_RATE,
      hangRate: e.PAYMENT_SIM_HANG_RATE,
      declineRate: e.PAYMENT_SIM_DECLINE_RATE,
      hangMs: e.PAYMENT_SIM_HANG_MS,
    },
    reconciler: {
      intervalMs: e.PAYMENT_RECONCILE_INTERVAL_MS,
      windowMs: e.PAYMENT_RECONCILE_WINDOW_MS,
      settleMs: e.PAYMENT_RECONCILE_SETTLE_MS,
      registrationPrefix: e.PAYMENT_RECONCILE_REGISTRATION_PREFIX,
    },
    faults: e.PAYMENT_FAULT_CRASH_AFTER_CHARGE_FOR_STUDENT
      ? { crashAfterChargeForStudent: e.PAYMENT_FAULT_CRASH_AFTER_CHARGE_FOR_STUDENT }
      : {},
  };
}

/** Just the databases, for the migration command the stack and deployments run before the service. */
export function loadDatabaseConfig(env: NodeJS.ProcessEnv = process.env): Config['databases'] {
  return parseEnvironment(SERVICE, databasesSchema, env).databases;
}
