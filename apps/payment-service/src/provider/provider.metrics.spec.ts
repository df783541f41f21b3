import { Registry } from 'prom-client';
import { ProviderMetrics } from './provider.metrics';
import { CircuitOpen, GuardedPaymentProvider } from './provider.policies';
import { ProviderDeclined, ProviderUnavailable, type PaymentProviderPort } from './provider.port';

const request = { registrationId: 'reg-1', amountCents: 100, currency: 'EUR' };

async function valueOf(
  registry: Registry,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => name.replace(/_count$/, '') === m.name);
  const values = (metric?.values ?? []) as {
    value: number;
    labels: Record<string, unknown>;
    metricName?: string;
  }[];
  return (
    values.find(
      (v) =>
        (v.metricName === undefined || v.metricName === name) &&
        Object.entries(labels).every(([key, value]) => v.labels[key] === value),
    )?.value ?? 0
  );
}

describe(ProviderMetrics.name, () => {
  const fast = {
    timeoutMs: 100,
    maxRetries: 1,
    backoffInitialMs: 1,
    backoffMaxMs: 2,
    breakerCooldownMs: 60_000,
  };

  it('counts calls by operation and outcome, their duration and the retries', async () => {
    const registry = new Registry();
    let calls = 0;
    const provider: PaymentProviderPort = {
      charge: () =>
        ++calls === 1 ? Promise.reject(new ProviderUnavailable('503')) : Promise.resolve({ paymentId: 'p' }),
      refund: () => Promise.reject(new ProviderDeclined('nothing taken')),
      lookup: () => Promise.resolve({ status: 'none' }),
    };
    const guarded = new GuardedPaymentProvider(provider, fast, new ProviderMetrics(registry).hooks());

    await guarded.charge(request);
    await expect(guarded.refund({ registrationId: 'reg-1', amountCents: 100 })).rejects.toBeInstanceOf(
      ProviderDeclined,
    );

    expect(
      await valueOf(registry, 'payment_provider_calls_total', { operation: 'charge', outcome: 'success' }),
    ).toBe(1);
    expect(
      await valueOf(registry, 'payment_provider_calls_total', { operation: 'refund', outcome: 'declined' }),
    ).toBe(1);
    expect(await valueOf(registry, 'payment_provider_retries_total')).toBe(1);
    expect(
      await valueOf(registry, 'payment_provider_call_duration_seconds_count', {
        operation: 'charge',
        outcome: 'success',
      }),
    ).toBe(1);
    expect(await valueOf(registry, 'payment_circuit_state')).toBe(0);
    guarded.dispose();
  });

  it('shows the breaker open and counts bulkhead rejections', async () => {
    const registry = new Registry();
    const unavailable: PaymentProviderPort = {
      charge: () => new Promise((_, reject) => setTimeout(() => reject(new ProviderUnavailable('503')), 10)),
      refund: () => Promise.reject(new ProviderUnavailable('503')),
      lookup: () => Promise.reject(new ProviderUnavailable('503')),
    };
    const guarded = new GuardedPaymentProvider(
      unavailable,
      { ...fast, maxRetries: 0, breakerThreshold: 1, maxConcurrent: 1, maxQueued: 0 },
      new ProviderMetrics(registry).hooks(),
    );

    await Promise.allSettled([guarded.charge(request), guarded.charge(request)]);
    await expect(guarded.charge(request)).rejects.toBeInstanceOf(CircuitOpen);

    expect(await valueOf(registry, 'payment_circuit_state')).toBe(2);
    expect(await valueOf(registry, 'payment_bulkhead_rejections_total')).toBe(1);
    expect(
      await valueOf(registry, 'payment_provider_calls_total', {
        operation: 'charge',
        outcome: 'bulkhead_full',
      }),
    ).toBe(1);
    expect(
      await valueOf(registry, 'payment_provider_calls_total', {
        operation: 'charge',
        outcome: 'circuit_open',
      }),
    ).toBe(1);
    guarded.dispose();
  });

  it('registers its metrics once per registry, however many times it is built', () => {
    const registry = new Registry();
    new ProviderMetrics(registry).hooks();
    expect(() => new ProviderMetrics(registry).hooks()).not.toThrow();
  });
});
