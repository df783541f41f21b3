/** Thrown by a handler for a failure that may pass on a later attempt (a timeout, a lock, a broker hiccup). */
export class RetriableError extends Error {
  override readonly name: string = 'RetriableError';
}

/** Thrown by a handler for a failure no retry can fix; the message goes to the dead-letter topic at once. */
export class NonRetriableError extends Error {
  override readonly name: string = 'NonRetriableError';
}

/**
 * Thrown by a decoder for a message that can never be handled: not JSON, failing its schema, or of an
 * unknown type. Any error a decoder throws is treated as poison; this class just names the case.
 */
export class PoisonMessageError extends NonRetriableError {
  override readonly name: string = 'PoisonMessageError';
}

/**
 * A dependency (the database, Redis, the broker) cannot be reached or went away mid-call. The
 * message is fine, so it is retried for as long as the outage lasts and never dead-lettered.
 */
export class DependencyUnavailableError extends RetriableError {
  override readonly name: string = 'DependencyUnavailableError';

  constructor(
    readonly dependency: string,
    cause: unknown,
  ) {
    super(`${dependency} unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}
