import { register, type Registry } from 'prom-client';

/**
 * prom-client refuses a metric name twice per registry, so a set of metrics is made once per
 * registry: the returned function creates it on first use and hands the same one out after.
 */
export function onePerRegistry<T>(create: (registry: Registry) => T): (registry?: Registry) => T {
  const made = new WeakMap<Registry, T>();
  return (registry = register) => {
    let metrics = made.get(registry);
    if (metrics === undefined) {
      metrics = create(registry);
      made.set(registry, metrics);
    }
    return metrics;
  };
}
