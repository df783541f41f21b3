import { Counter, Gauge, Histogram, register, type Registry } from 'prom-client';
import type { BreakerState, ProviderPolicyHooks } from './provider.policies';

const circuitStateValues: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2, isolated: 3 };

/**
 * The provider's Prometheus metrics, fed by the resilience policies' events. Wired once where the
 * guarded provider is built, so the payment rules never mention them.
 */
export class ProviderMetrics {
  private readonly calls: Counter<'operation' | 'outcome'>;
  private readonly duration: Histogram<'operation' | 'outcome'>;
  private readonly retries: Counter;
  private readonly timeouts: Counter;
  private readonly circuitState: Gauge;
  private readonly bulkheadRejections: Counter;

  constructor(registry: Registry = register) {
    const registers = [registry];
    // prom-client refuses a name twice per registry, and a test process may build several apps.
    const existing = <M>(name: string) => registry.getSingleMetric(name) as M | undefined;
    this.calls =
      existing('payment_provider_calls_total') ??
      new Counter({
        name: 'payment_provider_calls_total',
        help: 'Provider calls after retries, by operation (charge, refund, lookup) and outcome.',
        labelNames: ['operation', 'outcome'],
        registers,
      });
    this.duration =
      existing('payment_provider_call_duration_seconds') ??
      new Histogram({
        name: 'payment_provider_call_duration_seconds',
        help: 'Time a provider call took, queueing, retries and backoff included.',
        labelNames: ['operation', 'outcome'],
        buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16],
        registers,
      });
    this.retries =
      existing('payment_provider_retries_total') ??
      new Counter({ name: 'payment_provider_retries_total', help: 'Provider attempts retried.', registers });
    this.timeouts =
      existing('payment_provider_timeouts_total') ??
      new Counter({
        name: 'payment_provider_timeouts_total',
        help: 'Provider attempts aborted by the timeout.',
        registers,
      });
    this.circuitState =
      existing('payment_circuit_state') ??
      new Gauge({
        name: 'payment_circuit_state',
        help: 'The provider circuit breaker: 0 closed, 1 half-open, 2 open, 3 isolated.',
        registers,
      });
    this.bulkheadRejections =
      existing('payment_bulkhead_rejections_total') ??
      new Counter({
        name: 'payment_bulkhead_rejections_total',
        help: 'Provider calls refused because every bulkhead slot and queue place was taken.',
        registers,
      });
  }

  /** The policy hooks that keep these metrics. */
  hooks(): ProviderPolicyHooks {
    this.circuitState.set(circuitStateValues.closed);
    return {
      onRetry: () => this.retries.inc(),
      onTimeout: () => this.timeouts.inc(),
      onBreakerStateChange: (state) => this.circuitState.set(circuitStateValues[state]),
      onBulkheadRejected: () => this.bulkheadRejections.inc(),
      onCallFinished: ({ operation, outcome, durationMs }) => {
        this.calls.inc({ operation, outcome });
        this.duration.observe({ operation, outcome }, durationMs / 1000);
      },
    };
  }
}
