import { DependencyUnavailableError } from './consumer-errors';

// Node's socket errors for a peer that is down, restarting or unreachable.
const socketCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
]);

// Postgres SQLSTATEs of a server that is shutting down, starting up or full: class 08 (connection
// exception), 57P01-57P03 (admin or crash shutdown, cannot connect now), 53300 (too many connections).
const postgresCodes = /^(08...|57P0[123]|53300)$/;

// Errors that carry no code: pg's dead socket and pool timeout, ioredis's closed connection and
// exhausted per-request retries.
const messages = [
  /^Connection terminated( unexpectedly)?$/,
  /^timeout exceeded when trying to connect$/,
  /is not queryable$/,
  /^Connection is closed\.?$/,
  /^Reached the max retries per request limit/,
  /^Stream isn't writeable/,
];

/**
 * Whether `error` says a dependency is unavailable rather than that the work itself failed: a
 * refused or broken connection, a database restarting. Looks through `cause` and AggregateError.
 */
export function isDependencyUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 5 || typeof error !== 'object' || error === null) return false;
  if (error instanceof DependencyUnavailableError) return true;
  const { code, message, cause, errors } = error as {
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string' && (socketCodes.has(code) || postgresCodes.test(code))) return true;
  if (typeof message === 'string' && messages.some((pattern) => pattern.test(message))) return true;
  if (Array.isArray(errors) && errors.some((inner) => isDependencyUnavailable(inner, depth + 1))) return true;
  return cause !== undefined && isDependencyUnavailable(cause, depth + 1);
}
