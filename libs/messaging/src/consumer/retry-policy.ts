import { NonRetriableError, RetriableError } from './consumer-errors';

export type FailureKind = 'retriable' | 'non-retriable';

export interface RetrySettings {
  /** Handler runs per message, the first included; at least 1. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Decides whether a handler's error may pass on a retry; defaults to {@link classifyFailure}. */
  classify: (error: unknown) => FailureKind;
}

export type DeadLetterReason = 'poison' | 'non-retriable' | 'retries-exhausted';

export type RetryDecision =
  { retry: true; delayMs: number } | { retry: false; reason: Exclude<DeadLetterReason, 'poison'> };

/**
 * RetriableError retries and NonRetriableError does not. Any other error counts as retriable: most
 * unexpected errors in a handler are a database or network hiccup, and a deterministic bug costs only
 * `maxAttempts` runs before it lands in the dead-letter topic.
 */
export function classifyFailure(error: unknown): FailureKind {
  if (error instanceof NonRetriableError) return 'non-retriable';
  if (error instanceof RetriableError) return 'retriable';
  return 'retriable';
}

/** Exponential backoff with full jitter (a uniformly random delay up to the exponential cap). */
export class RetryPolicy {
  constructor(
    private readonly settings: RetrySettings,
    /** Uniform in [0, 1), like Math.random. */
    private readonly random: () => number,
  ) {}

  /** What to do after the handler's `attempt`-th run (1-based) failed with `error`. */
  afterFailure(error: unknown, attempt: number): RetryDecision {
    if (this.settings.classify(error) === 'non-retriable') return { retry: false, reason: 'non-retriable' };
    if (attempt >= this.settings.maxAttempts) return { retry: false, reason: 'retries-exhausted' };
    return { retry: true, delayMs: this.backoffDelay(attempt) };
  }

  /** The wait after the `attempt`-th failure: random in [0, min(maxDelayMs, baseDelayMs * 2^(attempt-1))). */
  backoffDelay(attempt: number): number {
    // The exponent is capped so a long run of failures cannot overflow to Infinity (and 0 * Infinity to NaN).
    const exponent = Math.min(Math.max(attempt - 1, 0), 52);
    const cap = Math.min(this.settings.maxDelayMs, this.settings.baseDelayMs * 2 ** exponent);
    return Math.floor(this.random() * cap);
  }
}
