import { Histogram, register, type Registry } from 'prom-client';
import type { TransactionEnd } from '@platform/persistence';

const METRIC = 'postgres_group_commit_transactions';

/**
 * How many transactions each group commit carried, by database and how it ended: the batch sizes
 * show how much load the commits absorb; 'isolated' counts the rollbacks one failing unit caused.
 */
export function groupCommitMetrics(
  database: string,
  registry: Registry = register,
): (end: TransactionEnd) => void {
  const histogram =
    (registry.getSingleMetric(METRIC) as Histogram<'database' | 'outcome'> | undefined) ??
    new Histogram({
      name: METRIC,
      help: 'Transactions carried by one Postgres commit (group commit), by how the commit ended',
      labelNames: ['database', 'outcome'],
      buckets: [1, 2, 4, 8, 16, 32, 64],
      registers: [registry],
    });
  return ({ units, outcome }) => histogram.observe({ database, outcome }, units);
}
