import {
  BrokenCircuitError,
  BulkheadRejectedError,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  TaskCancelledError,
  TimeoutStrategy,
  bulkhead,
  circuitBreaker,
  handleWhen,
  retry,
  timeout,
  type IDisposable,
} from 'cockatiel';
import {
  type ChargeRequest,
  type ChargeResult,
  type PaymentProviderPort,
  ProviderDeclined,
  type ProviderHolding,
  ProviderTimeout,
  ProviderUnavailable,
  type RefundRequest,
  type RefundResult,
  isTransientProviderError,
} from './provider.port';

/** The breaker is open: the provider was failing, so calls fail fast until the cooldown ends. */
export class CircuitOpen extends Error {
  override readonly name = 'CircuitOpen';
}

/** All execution and queue slots were taken, so the call was refused without reaching the provider. */
export class BulkheadFull extends Error {
  override readonly name = 'BulkheadFull';
}

export type BreakerState = 'closed' | 'open' | 'half-open' | 'isolated';

export interface ProviderPolicyHooks {
  /** A transient failure is about to be retried after `delayMs`. */
  onRetry?(event: { readonly attempt: number; readonly delayMs: number; readonly error: unknown }): void;
  /** Retries are exhausted (or the error was not retryable) and the call fails. */
  onGiveUp?(event: { readonly error: unknown }): void;
  onTimeout?(): void;
  onBreakerStateChange?(state: BreakerState): void;
  onBulkheadRejected?(): void;
  /** A call left the policies: how it ended and how long it took, retries and queueing included. */
  onCallFinished?(event: {
    readonly operation: ProviderOperation;
    readonly outcome: ProviderCallOutcome;
    readonly durationMs: number;
  }): void;
}

export type ProviderOperation = 'charge' | 'refund' | 'lookup';

export type ProviderCallOutcome =
  'success' | 'declined' | 'unavailable' | 'timeout' | 'circuit_open' | 'bulkhead_full' | 'error';

export interface ProviderPolicyOptions {
  /** Per attempt, not per call: a hung attempt is aborted and may be retried. */
  readonly timeoutMs: number;
  /** Attempts after the first one; only ProviderUnavailable and ProviderTimeout are retried. */
  readonly maxRetries: number;
  /** Exponential backoff with cockatiel's default decorrelated jitter, starting near this and capped at backoffMaxMs. */
  readonly backoffInitialMs: number;
  readonly backoffMaxMs: number;
  /** Consecutive transient failures that open the breaker; declines never count. */
  readonly breakerThreshold: number;
  /** How long the breaker stays open before letting one trial call through (half-open). */
  readonly breakerCooldownMs: number;
  readonly maxConcurrent: number;
  readonly maxQueued: number;
}

/**
 * Worst case per call with the defaults: 3 attempts x 2 s + backoff (~0.1 s + ~0.2 s) ≈ 6.3 s,
 * well inside a saga payment deadline measured in tens of seconds.
 */
export const defaultProviderPolicyOptions: ProviderPolicyOptions = {
  timeoutMs: 2_000,
  maxRetries: 2,
  backoffInitialMs: 100,
  backoffMaxMs: 2_000,
  breakerThreshold: 5,
  breakerCooldownMs: 10_000,
  maxConcurrent: 40,
  maxQueued: 50,
};

const breakerStates: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'isolated',
};

/**
 * Guards a provider with, from the outside in: bulkhead -> retry -> circuit breaker -> timeout.
 * The bulkhead sits outermost so a retrying call keeps its slot instead of re-queueing; the breaker
 * sits inside the retry so every attempt counts, and an open breaker is not retried.
 * Errors leaving it are the port's ProviderDeclined / ProviderUnavailable / ProviderTimeout, or
 * CircuitOpen / BulkheadFull.
 */
export class GuardedPaymentProvider implements PaymentProviderPort, IDisposable {
  readonly options: ProviderPolicyOptions;
  private readonly bulkheadPolicy;
  private readonly retryPolicy;
  private readonly breakerPolicy;
  private readonly timeoutPolicy;
  private readonly subscriptions: IDisposable[] = [];
  private onCallFinished: ProviderPolicyHooks['onCallFinished'];

  constructor(
    private readonly provider: PaymentProviderPort,
    options: Partial<ProviderPolicyOptions> = {},
    hooks: ProviderPolicyHooks = {},
  ) {
    this.onCallFinished = hooks.onCallFinished?.bind(hooks);
    this.options = { ...defaultProviderPolicyOptions, ...options };
    const o = this.options;
    const transient = handleWhen(isTransientProviderError);

    this.timeoutPolicy = timeout(o.timeoutMs, TimeoutStrategy.Aggressive);
    this.breakerPolicy = circuitBreaker(transient, {
      breaker: new ConsecutiveBreaker(o.breakerThreshold),
      halfOpenAfter: o.breakerCooldownMs,
    });
    this.retryPolicy = retry(transient, {
      maxAttempts: o.maxRetries,
      backoff: new ExponentialBackoff({ initialDelay: o.backoffInitialMs, maxDelay: o.backoffMaxMs }),
    });
    this.bulkheadPolicy = bulkhead(o.maxConcurrent, o.maxQueued);

    this.subscriptions.push(
      this.retryPolicy.onRetry((event) =>
        hooks.onRetry?.({
          attempt: event.attempt,
          delayMs: event.delay,
          error: 'error' in event ? event.error : event.value,
        }),
      ),
      this.retryPolicy.onGiveUp((event) =>
        hooks.onGiveUp?.({ error: 'error' in event ? event.error : event.value }),
      ),
      this.timeoutPolicy.onTimeout(() => hooks.onTimeout?.()),
      this.breakerPolicy.onStateChange((state) => hooks.onBreakerStateChange?.(breakerStates[state])),
      this.bulkheadPolicy.onReject(() => hooks.onBulkheadRejected?.()),
    );
  }

  get breakerState(): BreakerState {
    return breakerStates[this.breakerPolicy.state];
  }

  charge(request: ChargeRequest, signal?: AbortSignal): Promise<ChargeResult> {
    return this.execute('charge', (attemptSignal) => this.provider.charge(request, attemptSignal), signal);
  }

  refund(request: RefundRequest, signal?: AbortSignal): Promise<RefundResult> {
    return this.execute('refund', (attemptSignal) => this.provider.refund(request, attemptSignal), signal);
  }

  lookup(registrationId: string, signal?: AbortSignal): Promise<ProviderHolding> {
    return this.execute(
      'lookup',
      (attemptSignal) => this.provider.lookup(registrationId, attemptSignal),
      signal,
    );
  }

  dispose(): void {
    this.onCallFinished = undefined;
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
  }

  private async execute<T>(
    operation: ProviderOperation,
    call: (signal: AbortSignal) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    const started = performance.now();
    const finished = (outcome: ProviderCallOutcome) =>
      this.onCallFinished?.({ operation, outcome, durationMs: performance.now() - started });
    try {
      const result = await this.guarded(call, signal);
      finished('success');
      return result;
    } catch (error) {
      finished(outcomeOf(error));
      throw error;
    }
  }

  private async guarded<T>(call: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    try {
      return await this.bulkheadPolicy.execute(
        ({ signal: bulkheadSignal }) =>
          this.retryPolicy.execute(
            ({ signal: retrySignal }) =>
              this.breakerPolicy.execute(
                ({ signal: breakerSignal }) => this.attempt(call, breakerSignal),
                retrySignal,
              ),
            bulkheadSignal,
          ),
        signal,
      );
    } catch (error) {
      if (error instanceof BrokenCircuitError) throw new CircuitOpen('payment provider circuit is open');
      if (error instanceof BulkheadRejectedError) throw new BulkheadFull('payment provider bulkhead is full');
      throw error;
    }
  }

  /** One attempt under the timeout; a timeout becomes ProviderTimeout so retry and breaker see it as transient. */
  private async attempt<T>(call: (signal: AbortSignal) => Promise<T>, signal: AbortSignal): Promise<T> {
    const timedOut = () =>
      new ProviderTimeout(`payment provider did not answer within ${this.options.timeoutMs} ms`);
    try {
      return await this.timeoutPolicy.execute(
        (_, attemptSignal) =>
          // A call that honours the abort may reject with its own error before cockatiel's
          // TaskCancelledError wins the race, so an abort we did not ask for means a timeout too.
          call(attemptSignal).catch((error: unknown) => {
            throw attemptSignal.aborted && !signal.aborted ? timedOut() : error;
          }),
        signal,
      );
    } catch (error) {
      if (error instanceof TaskCancelledError && !signal.aborted) throw timedOut();
      throw error;
    }
  }
}

function outcomeOf(error: unknown): ProviderCallOutcome {
  if (error instanceof ProviderDeclined) return 'declined';
  if (error instanceof ProviderUnavailable) return 'unavailable';
  if (error instanceof ProviderTimeout) return 'timeout';
  if (error instanceof CircuitOpen) return 'circuit_open';
  if (error instanceof BulkheadFull) return 'bulkhead_full';
  return 'error';
}
