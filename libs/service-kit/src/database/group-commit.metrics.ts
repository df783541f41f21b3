import { Histogram, type Registry } from 'prom-client';
import { onePerRegistry } from '@platform/observability';
import type { TransactionEnd } from '@platform/persistence';

const histogramOf = onePerRegistry(
  (registry) =>
    new Histogram({
      name: 'postgres_group_commit_transactions',
      help: 'Transactions carried by one Postgres commit (group commit), by how the commit ended',
      labelNames: ['database', 'outcome'],
      buckets: [1, 2, 4, 8, 16, 32, 64],
      registers: [registry],
    }),
);

/**
 * How many transactions each group commit carried, by database and how it ended: the batch sizes
 * show how much load the commits absorb; 'isolated' counts the rollbacks one failing unit caused.
 */
export function groupCommitMetrics(database: string, registry?: Registry): (end: TransactionEnd) => void {
  const histogram = histogramOf(registry);
  return ({ units, outcome }) => histogram.observe({ database, outcome }, units);
}
