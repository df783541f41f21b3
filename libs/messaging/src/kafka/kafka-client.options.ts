/** Where an adapter reports what its client library would otherwise print to the console or swallow. */
export interface KafkaLogger {
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

export const silentKafkaLogger: KafkaLogger = {
  warn: () => undefined,
  error: () => undefined,
};

/** What every adapter is built with. */
export interface KafkaClientOptions {
  brokers: string[];
  /** Defaults to silence: the client libraries' own logging is never printed. */
  logger?: KafkaLogger;
  /** Called after every fetch response of every consumer, e.g. to show an idle consumer long-polls. */
  onFetch?: () => void;
}
