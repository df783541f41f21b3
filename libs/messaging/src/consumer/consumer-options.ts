import type { ConsumerPort, ProducerPort } from '../kafka/kafka-client.port';
import { systemClock, type Clock } from './clock';
import type { ConsumerObserver } from './consumer-observer';
import type { DecodeMessage, ProcessMessage } from './message-runner';
import { classifyFailure, type RetrySettings } from './retry-policy';

export interface ConsumerLimits {
  /** Handler runs and dead-letter sends under way at once, across all partitions. */
  maxInFlight: number;
  /**
   * Messages per partition received and not yet behind the commit point; at this many the partition
   * is paused. It also bounds how much a rebalance can make the next owner redo.
   */
  maxBufferedPerPartition: number;
  /** A paused partition resumes when its buffer has drained to this many (below the maximum). */
  resumeBufferedPerPartition: number;
}

export interface KeyOrderedConsumerOptions<T> {
  port: ConsumerPort;
  deadLetterProducer: ProducerPort;
  groupId: string;
  deadLetterTopic: string;
  decode: DecodeMessage<T>;
  process: ProcessMessage<T>;
  limits?: Partial<ConsumerLimits>;
  retry?: Partial<RetrySettings>;
  /** How often completed offsets are committed (also on every release and on stop). */
  commitIntervalMs?: number;
  /**
   * How long a release (rebalance or stop) waits for running handlers. Keep it below the group's
   * rebalance timeout, or the broker takes the partitions away first.
   */
  drainTimeoutMs?: number;
  observer?: ConsumerObserver;
  clock?: Clock;
  /** Uniform in [0, 1), for backoff jitter; Math.random by default. */
  random?: () => number;
}

export interface ConsumerSettings<T> {
  port: ConsumerPort;
  deadLetterProducer: ProducerPort;
  groupId: string;
  deadLetterTopic: string;
  decode: DecodeMessage<T>;
  process: ProcessMessage<T>;
  limits: ConsumerLimits;
  retry: RetrySettings;
  commitIntervalMs: number;
  drainTimeoutMs: number;
  observer: ConsumerObserver;
  clock: Clock;
  random: () => number;
}

export const consumerDefaults = {
  maxInFlight: 100,
  maxBufferedPerPartition: 1000,
  maxAttempts: 5,
  baseDelayMs: 200,
  maxDelayMs: 30_000,
  maxUnavailableDelayMs: 5_000,
  commitIntervalMs: 1000,
  drainTimeoutMs: 30_000,
} as const;

/** Fills in defaults and checks every value, failing once with every problem named. */
export function resolveConsumerSettings<T>(options: KeyOrderedConsumerOptions<T>): ConsumerSettings<T> {
  const maxBufferedPerPartition =
    options.limits?.maxBufferedPerPartition ?? consumerDefaults.maxBufferedPerPartition;
  const settings: ConsumerSettings<T> = {
    port: options.port,
    deadLetterProducer: options.deadLetterProducer,
    groupId: options.groupId,
    deadLetterTopic: options.deadLetterTopic,
    decode: options.decode,
    process: options.process,
    limits: {
      maxInFlight: options.limits?.maxInFlight ?? consumerDefaults.maxInFlight,
      maxBufferedPerPartition,
      resumeBufferedPerPartition:
        options.limits?.resumeBufferedPerPartition ?? Math.floor(maxBufferedPerPartition / 2),
    },
    retry: {
      maxAttempts: options.retry?.maxAttempts ?? consumerDefaults.maxAttempts,
      baseDelayMs: options.retry?.baseDelayMs ?? consumerDefaults.baseDelayMs,
      maxDelayMs: options.retry?.maxDelayMs ?? consumerDefaults.maxDelayMs,
      maxUnavailableDelayMs: options.retry?.maxUnavailableDelayMs ?? consumerDefaults.maxUnavailableDelayMs,
      classify: options.retry?.classify ?? classifyFailure,
    },
    commitIntervalMs: options.commitIntervalMs ?? consumerDefaults.commitIntervalMs,
    drainTimeoutMs: options.drainTimeoutMs ?? consumerDefaults.drainTimeoutMs,
    observer: options.observer ?? {},
    clock: options.clock ?? systemClock,
    random: options.random ?? Math.random,
  };

  const problems = findProblems(settings);
  if (problems.length > 0) throw new Error(`Invalid consumer options: ${problems.join('; ')}`);
  return settings;
}

function findProblems<T>(settings: ConsumerSettings<T>): string[] {
  const problems: string[] = [];
  const { limits, retry } = settings;
  const integerAtLeast = (name: string, value: number, minimum: number): void => {
    if (!Number.isInteger(value) || value < minimum)
      problems.push(`${name} must be an integer >= ${minimum}, got ${value}`);
  };

  if (!settings.groupId) problems.push('groupId must not be empty');
  if (!settings.deadLetterTopic) problems.push('deadLetterTopic must not be empty');
  integerAtLeast('limits.maxInFlight', limits.maxInFlight, 1);
  integerAtLeast('limits.maxBufferedPerPartition', limits.maxBufferedPerPartition, 1);
  integerAtLeast('limits.resumeBufferedPerPartition', limits.resumeBufferedPerPartition, 0);
  if (limits.resumeBufferedPerPartition >= limits.maxBufferedPerPartition) {
    problems.push(
      `limits.resumeBufferedPerPartition (${limits.resumeBufferedPerPartition}) must be below ` +
        `limits.maxBufferedPerPartition (${limits.maxBufferedPerPartition})`,
    );
  }
  integerAtLeast('retry.maxAttempts', retry.maxAttempts, 1);
  integerAtLeast('retry.baseDelayMs', retry.baseDelayMs, 0);
  integerAtLeast('retry.maxDelayMs', retry.maxDelayMs, 0);
  integerAtLeast('retry.maxUnavailableDelayMs', retry.maxUnavailableDelayMs, 0);
  if (retry.maxDelayMs < retry.baseDelayMs) {
    problems.push(
      `retry.maxDelayMs (${retry.maxDelayMs}) must not be below retry.baseDelayMs (${retry.baseDelayMs})`,
    );
  }
  integerAtLeast('commitIntervalMs', settings.commitIntervalMs, 1);
  integerAtLeast('drainTimeoutMs', settings.drainTimeoutMs, 0);
  return problems;
}
