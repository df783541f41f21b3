import { NonRetriableError, RetriableError } from './consumer-errors';
import { isDependencyUnavailable } from './dependency-unavailable';

/** `unavailable`: a dependency is down; retried until it is back, without using up attempts. */
export type FailureKind = 'retriable' | 'non-retriable' | 'unavailable';

export interface RetrySettings {
  /** Handler runs per message, the first included; at least 1. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** The longest wait between runs while a dependency is unavailable, so recovery is noticed soon. */
  maxUnavailableDelayMs: number;
  /** Decides whether a handler's error may pass on a retry; defaults to {@link classifyFailure}. */
  classify: (error: unknown) => FailureKind;
}

export type DeadLetterReason = 'poison' | 'non-retriable' | 'retries-exhausted';

export type RetryDecision =
  { retry: true; delayMs: number } | { retry: false; reason: Exclude<DeadLetterReason, 'poison'> };

/**
 * NonRetriableError does not retry; an unavailable dependency (see isDependencyUnavailable) retries
 * for as long as it lasts; RetriableError and any other error retry up to `maxAttempts` runs: most
 * unexpected errors in a handler are a hiccup, and a deterministic bug costs only `maxAttempts` runs
 * before it lands in the dead-letter topic.
 */
export function classifyFailure(error: unknown): FailureKind {
  if (error instanceof NonRetriableError) return 'non-retriable';
  if (isDependencyUnavailable(error)) return 'unavailable';
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

  /** The retry decisions for one message, which remember how its earlier runs failed. */
  forMessage(): MessageRetries {
    return new MessageRetries(this);
  }

  /** What to do after `failures` counted failed runs (1-based), the last with `error`. */
  afterFailure(error: unknown, failures: number): RetryDecision {
    const kind = this.settings.classify(error);
    if (kind === 'non-retriable') return { retry: false, reason: 'non-retriable' };
    if (kind === 'unavailable') return { retry: true, delayMs: this.unavailableDelay(failures) };
    if (failures >= this.settings.maxAttempts) return { retry: false, reason: 'retries-exhausted' };
    return { retry: true, delayMs: this.backoffDelay(failures) };
  }

  classify(error: unknown): FailureKind {
    return this.settings.classify(error);
  }

  /** The wait after the `attempt`-th failure: random in [0, min(maxDelayMs, baseDelayMs * 2^(attempt-1))). */
  backoffDelay(attempt: number, maxDelayMs = this.settings.maxDelayMs): number {
    // The exponent is capped so a long run of failures cannot overflow to Infinity (and 0 * Infinity to NaN).
    const exponent = Math.min(Math.max(attempt - 1, 0), 52);
    const cap = Math.min(maxDelayMs, this.settings.baseDelayMs * 2 ** exponent);
    return Math.floor(this.random() * cap);
  }

  /** The wait while a dependency is down: the same backoff, capped lower so recovery is noticed soon. */
  unavailableDelay(consecutive: number): number {
    return this.backoffDelay(
      consecutive,
      Math.min(this.settings.maxDelayMs, this.settings.maxUnavailableDelayMs),
    );
  }
}

/**
 * One message's retries: failures from an unavailable dependency back off among themselves and
 * never count toward `maxAttempts`, so an outage of any length dead-letters nothing.
 */
export class MessageRetries {
  private counted = 0;
  private unavailableStreak = 0;

  constructor(private readonly policy: RetryPolicy) {}

  afterFailure(error: unknown): RetryDecision {
    if (this.policy.classify(error) === 'unavailable') {
      this.unavailableStreak += 1;
      return this.policy.afterFailure(error, this.unavailableStreak);
    }
    this.unavailableStreak = 0;
    this.counted += 1;
    return this.policy.afterFailure(error, this.counted);
  }
}
