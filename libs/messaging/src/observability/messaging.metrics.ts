import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { onePerRegistry } from '@platform/observability';
import type { DeadLetterReason } from '../consumer/retry-policy';

// A record rather than a list, so the compiler reports a reason added to the type but not here.
const deadLetterReasons = Object.keys({
  poison: true,
  'non-retriable': true,
  'retries-exhausted': true,
} satisfies Record<DeadLetterReason, true>) as DeadLetterReason[];

/**
 * The Prometheus metrics of the messaging runtime, registered once per process on the
 * service's registry (served on /metrics). Label values come from the catalog (topics, groups,
 * message types), so their number stays small.
 */
export class MessagingMetrics {
  readonly consumed: Counter<'group' | 'topic' | 'outcome'>;
  readonly produced: Counter<'topic'>;
  readonly handlerSeconds: Histogram<'group' | 'type' | 'outcome'>;
  readonly retries: Counter<'group' | 'topic'>;
  readonly deadLettered: Counter<'group' | 'topic' | 'reason'>;
  readonly lag: Gauge<'group' | 'topic' | 'partition'>;
  readonly paused: Gauge<'group' | 'topic' | 'partition'>;

  /** One set per registry (prom-client refuses a metric name twice in one). */
  static readonly of = onePerRegistry((registry) => new MessagingMetrics(registry));

  private constructor(registry: Registry) {
    const registers = [registry];
    this.consumed = new Counter({
      name: 'messaging_messages_consumed_total',
      help: 'Messages a consumer group finished, by outcome (handled, skipped, dead_lettered).',
      labelNames: ['group', 'topic', 'outcome'],
      registers,
    });
    this.produced = new Counter({
      name: 'messaging_messages_produced_total',
      help: 'Messages sent to Kafka directly (outbox messages are counted by Debezium).',
      labelNames: ['topic'],
      registers,
    });
    this.handlerSeconds = new Histogram({
      name: 'messaging_handler_duration_seconds',
      help: 'Time a handler took for one attempt at one message.',
      labelNames: ['group', 'type', 'outcome'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.retries = new Counter({
      name: 'messaging_retries_total',
      help: 'Retries scheduled after a retriable failure.',
      labelNames: ['group', 'topic'],
      registers,
    });
    this.deadLettered = new Counter({
      name: 'messaging_dead_letters_total',
      help: 'Messages parked in a dead-letter topic, by reason (poison, exhausted, non_retriable).',
      labelNames: ['group', 'topic', 'reason'],
      registers,
    });
    this.lag = new Gauge({
      name: 'messaging_consumer_lag',
      help: 'Messages between the partition end and the group committed offset.',
      labelNames: ['group', 'topic', 'partition'],
      registers,
    });
    this.paused = new Gauge({
      name: 'messaging_partition_paused',
      help: '1 while the consumer holds a partition paused because its buffer is full.',
      labelNames: ['group', 'topic', 'partition'],
      registers,
    });
  }

  /**
   * Puts the series a group's partition can have at zero, leaving any value already counted, so
   * dashboards show "no dead letters" rather than "no data" until the first one happens.
   */
  trackPartition(group: string, topic: string, partition: number): void {
    for (const outcome of ['handled', 'dead_lettered']) this.consumed.inc({ group, topic, outcome }, 0);
    for (const reason of deadLetterReasons) this.deadLettered.inc({ group, topic, reason }, 0);
    this.retries.inc({ group, topic }, 0);
    this.paused.inc({ group, topic, partition: String(partition) }, 0);
  }
}
