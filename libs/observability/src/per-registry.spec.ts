import { Counter, Registry } from 'prom-client';
import { onePerRegistry } from './per-registry';

describe(onePerRegistry.name, () => {
  it('makes one set per registry and hands the same one out again', () => {
    const metricsOf = onePerRegistry(
      (registry) => new Counter({ name: 'spec_total', help: 'spec', registers: [registry] }),
    );
    const first = new Registry();
    const second = new Registry();

    expect(metricsOf(first)).toBe(metricsOf(first));
    expect(metricsOf(second)).not.toBe(metricsOf(first));
    expect(first.getSingleMetric('spec_total')).toBe(metricsOf(first));
  });
});
