import type { KafkaConnection } from '@platform/config';

/** Where an adapter reports what its client library would otherwise print to the console or swallow. */
export interface KafkaLogger {
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

export const silentKafkaLogger: KafkaLogger = {
  warn: () => undefined,
  error: () => undefined,
};

/**
 * Where the brokers are and how to sign in: what every Kafka client of the platform is built from.
 * libs/config reads it from the KAFKA_* variables (`kafkaConnectionSchema`).
 */
export type KafkaConnectionOptions = KafkaConnection;
export type KafkaSaslOptions = NonNullable<KafkaConnection['sasl']>;
export type KafkaSaslMechanism = KafkaSaslOptions['mechanism'];

/** What every adapter is built with. */
export interface KafkaClientOptions extends KafkaConnectionOptions {
  /** Defaults to silence: the client libraries' own logging is never printed. */
  logger?: KafkaLogger;
  /** Called after every fetch response of every consumer, e.g. to show an idle consumer long-polls. */
  onFetch?: () => void;
}
