import type { ConsumerListener, InboundMessage, TopicPartition } from '../kafka/kafka-client.port';
import type { Timer } from './clock';
import { ConcurrencyLimiter } from './concurrency-limiter';
import { guardObserver, type ObserverNotifications } from './consumer-observer';
import {
  resolveConsumerSettings,
  type ConsumerSettings,
  type KeyOrderedConsumerOptions,
} from './consumer-options';
import { MessageRunner } from './message-runner';
import { PartitionWorker } from './partition-worker';
import { RetryPolicy } from './retry-policy';

type Lifecycle = 'new' | 'running' | 'stopping';

/**
 * Consumes through a `ConsumerPort` with at-least-once delivery: messages of one key run
 * strictly in offset order, different keys run concurrently, failures retry per key with backoff and
 * end in the dead-letter topic, and offsets are committed only as far as every earlier message is done.
 *
 * Backpressure is pause/resume: `onMessages` resolves as soon as a batch is buffered, and a partition
 * is paused while `maxBufferedPerPartition` messages are buffered. A client may still hand over the
 * fetch it had under way when paused, so a partition holds at most that many plus one fetch.
 */
export class KeyOrderedConsumer<T> {
  private readonly settings: ConsumerSettings<T>;
  private readonly observer: ObserverNotifications;
  private readonly runner: MessageRunner<T>;
  private readonly workers = new Map<string, PartitionWorker>();
  private lifecycle: Lifecycle = 'new';
  private commitChain: Promise<void> = Promise.resolve();
  private commitTimer: Timer | undefined;
  private stopping: Promise<void> | undefined;

  private readonly listener: ConsumerListener = {
    onAssigned: (partitions) => this.assign(partitions),
    onMessages: async (partition, messages) => this.accept(partition, messages),
    onRevoked: (partitions) => this.release(partitions),
  };

  constructor(options: KeyOrderedConsumerOptions<T>) {
    this.settings = resolveConsumerSettings(options);
    this.observer = guardObserver(this.settings.observer);
    this.runner = new MessageRunner({
      decode: this.settings.decode,
      process: this.settings.process,
      retryPolicy: new RetryPolicy(this.settings.retry, this.settings.random),
      limiter: new ConcurrencyLimiter(this.settings.limits.maxInFlight),
      deadLetterProducer: this.settings.deadLetterProducer,
      deadLetterTarget: { topic: this.settings.deadLetterTopic, groupId: this.settings.groupId },
      clock: this.settings.clock,
      observer: this.observer,
    });
  }

  async start(): Promise<void> {
    if (this.lifecycle !== 'new') throw new Error('A KeyOrderedConsumer starts once');
    this.lifecycle = 'running';
    this.scheduleCommit();
    try {
      await this.settings.port.start(this.listener);
    } catch (error) {
      this.commitTimer?.cancel();
      throw error;
    }
  }

  /**
   * Drains every partition as a rebalance would (running handlers finish within the drain timeout,
   * unstarted messages are left for the next owner), commits, then stops the port. Safe to call twice.
   */
  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  /** Commits every owned partition's contiguous progress now; runs every `commitIntervalMs` anyway. */
  commit(): Promise<void> {
    return this.enqueueCommit(() => [...this.workers.values()]);
  }

  private async shutdown(): Promise<void> {
    const started = this.lifecycle === 'running';
    this.lifecycle = 'stopping';
    this.commitTimer?.cancel();
    await this.release([...this.workers.values()].map((worker) => worker.partition));
    if (started) await this.settings.port.stop();
  }

  private assign(partitions: TopicPartition[]): void {
    if (this.lifecycle !== 'running') return;
    for (const partition of partitions) {
      const id = partitionId(partition);
      // Still ours from before: keep its progress; a redelivery of what it holds is ignored.
      if (this.workers.has(id)) continue;
      this.workers.set(id, this.createWorker({ topic: partition.topic, partition: partition.partition }));
      this.observer.onAssigned({ partition: { topic: partition.topic, partition: partition.partition } });
    }
  }

  private accept(partition: TopicPartition, messages: InboundMessage[]): void {
    const worker = this.workers.get(partitionId(partition));
    if (worker) worker.accept(messages);
    else this.observer.onIgnored({ partition, count: messages.length, reason: 'not-owned' });
  }

  /** Drains the partitions, commits how far they got, and forgets them. Never rejects. */
  private async release(partitions: TopicPartition[]): Promise<void> {
    const leaving: PartitionWorker[] = [];
    for (const partition of partitions) {
      const id = partitionId(partition);
      const worker = this.workers.get(id);
      if (!worker) continue;
      // Out of the map first, so neither new batches nor periodic commits reach a leaving partition.
      this.workers.delete(id);
      leaving.push(worker);
    }
    if (leaving.length === 0) return;
    await Promise.all(leaving.map((worker) => worker.drain(this.settings.drainTimeoutMs)));
    await this.enqueueCommit(() => leaving);
  }

  /** Commits run one at a time, so a slow commit can never be overtaken by a newer one. */
  private enqueueCommit(workers: () => PartitionWorker[]): Promise<void> {
    this.commitChain = this.commitChain.then(() => this.commitNow(workers()));
    return this.commitChain;
  }

  private async commitNow(workers: PartitionWorker[]): Promise<void> {
    const due = workers.flatMap((worker) => {
      const offset = worker.pendingCommit();
      return offset ? [{ worker, offset }] : [];
    });
    if (due.length === 0) return;
    const offsets = due.map(({ offset }) => offset);
    try {
      await this.settings.port.commit(offsets);
    } catch (error) {
      // Left uncommitted; the next commit covers it, or the next owner redoes it (at-least-once).
      this.observer.onCommitFailed({ offsets, error });
      return;
    }
    for (const { worker, offset } of due) worker.markCommitted(offset.offset);
    this.observer.onCommitted({ offsets });
  }

  private scheduleCommit(): void {
    this.commitTimer = this.settings.clock.setTimer(() => {
      void this.commit().then(() => {
        if (this.lifecycle === 'running') this.scheduleCommit();
      });
    }, this.settings.commitIntervalMs);
  }

  private createWorker(partition: TopicPartition): PartitionWorker {
    const { port, limits, clock } = this.settings;
    return new PartitionWorker({
      partition,
      handle: (message, signal) => this.runner.run(message, signal),
      flow: { pause: () => port.pause([partition]), resume: () => port.resume([partition]) },
      observer: this.observer,
      clock,
      pauseAt: limits.maxBufferedPerPartition,
      resumeAt: limits.resumeBufferedPerPartition,
    });
  }
}

function partitionId({ topic, partition }: TopicPartition): string {
  return `${topic}\u0000${partition}`;
}
