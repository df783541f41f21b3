/** Where an adapter reports what its client library would otherwise print to the console or swallow. */
export interface KafkaLogger {
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

export const silentKafkaLogger: KafkaLogger = {
  warn: () => undefined,
  error: () => undefined,
};

export type KafkaSaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';

export interface KafkaSaslOptions {
  mechanism: KafkaSaslMechanism;
  username: string;
  password: string;
}

/** Where the brokers are and how to sign in: what every Kafka client of the platform is built from. */
export interface KafkaConnectionOptions {
  brokers: string[];
  /** Sign in with SASL; without it the connection is unauthenticated. */
  sasl?: KafkaSaslOptions;
  /** TLS to the brokers: true trusts the system's CAs, `{ ca }` (PEM text) trusts that CA instead. */
  ssl?: boolean | { ca: string };
}

/** What every adapter is built with. */
export interface KafkaClientOptions extends KafkaConnectionOptions {
  /** Defaults to silence: the client libraries' own logging is never printed. */
  logger?: KafkaLogger;
  /** Called after every fetch response of every consumer, e.g. to show an idle consumer long-polls. */
  onFetch?: () => void;
}
