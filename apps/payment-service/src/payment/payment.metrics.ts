import { Counter, register, type Registry } from 'prom-client';
import type { ReconcilerHooks } from './payment.reconciler';

/** The reconciler's metric, fed by its hook, wired once in the payment module. */
export class ReconcilerMetrics {
  private readonly reconciled: Counter<'outcome'>;

  constructor(registry: Registry = register) {
    // prom-client refuses a name twice per registry, and a test process may build several apps.
    this.reconciled =
      (registry.getSingleMetric('payment_reconciled_total') as Counter<'outcome'> | undefined) ??
      new Counter({
        name: 'payment_reconciled_total',
        help:
          'Failed payments with an unknown outcome asked about at the provider, by outcome ' +
          '(refunded, nothing_taken, pending, failed).',
        labelNames: ['outcome'],
        registers: [registry],
      });
  }

  hooks(): ReconcilerHooks {
    return { onReconciled: (outcome) => this.reconciled.inc({ outcome }) };
  }
}
