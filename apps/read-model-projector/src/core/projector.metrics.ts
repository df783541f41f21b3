import { MessagingMetrics } from '@platform/messaging';
import type { ApplyOutcome, ReadModelName } from '@platform/read-models';
import { Counter, Histogram, type Registry } from 'prom-client';
import { onePerRegistry } from '@platform/observability';

/** The projector's own metrics, beside the messaging runtime's, on one registry. */
export class ProjectorMetrics {
  readonly messaging: MessagingMetrics;
  private readonly lag: Histogram<'model'>;
  private readonly changes: Counter<'model' | 'outcome'>;
  private readonly rebuildSeconds: Histogram<'outcome'>;

  private constructor(registry: Registry) {
    const registers = [registry];
    this.messaging = MessagingMetrics.of(registry);
    this.lag = new Histogram({
      name: 'read_model_projection_lag_seconds',
      help: 'From the commit of a row change in Postgres (Debezium source.ts_ms) to its projection in Redis.',
      labelNames: ['model'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    });
    this.changes = new Counter({
      name: 'read_model_changes_total',
      help: 'Row changes projected, by what the active read model made of them (applied, replayed, stale).',
      labelNames: ['model', 'outcome'],
      registers,
    });
    this.rebuildSeconds = new Histogram({
      name: 'read_model_rebuild_duration_seconds',
      help: 'Time a rebuild took from its start to the switch (or the failure).',
      labelNames: ['outcome'],
      buckets: [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
      registers,
    });
  }

  /** One set per registry (prom-client refuses a metric name twice in one). */
  static readonly of = onePerRegistry((registry) => new ProjectorMetrics(registry));

  projected(model: ReadModelName, outcome: ApplyOutcome, sourceTsMs: number, now = Date.now()): void {
    this.changes.inc({ model, outcome });
    this.lag.observe({ model }, Math.max(0, now - sourceTsMs) / 1000);
  }

  rebuilt(outcome: 'succeeded' | 'failed', seconds: number): void {
    this.rebuildSeconds.observe({ outcome }, seconds);
  }
}
