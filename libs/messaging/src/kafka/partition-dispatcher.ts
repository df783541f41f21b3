import type { ConsumerListener, InboundMessage, TopicPartition } from './kafka-client.port';
import { partitionKey } from './topic-partition';

export interface PartitionDispatcherOptions {
  /** Most messages handed to one onMessages call. */
  maxBatchSize?: number;
  /**
   * A partition stopped (false) or may go on (true) being fetched: it is not fetchable while the
   * listener holds a batch of it, while it is paused, or while messages of it wait here.
   */
  onFetchableChange?(partition: TopicPartition, fetchable: boolean): void;
  /** Messages waiting here were handed to the listener, so `buffered` went down. */
  onDrain?(): void;
  /** onMessages rejected; the same messages are handed again after a delay. */
  onDeliveryFailed?(partition: TopicPartition, error: unknown, attempt: number): void;
  /** Delay before handing a rejected batch again; defaults to 1 s doubling up to 30 s. */
  retryDelayMs?(attempt: number): number;
}

interface PartitionState {
  readonly partition: TopicPartition;
  readonly waiting: InboundMessage[];
  /** Offset after the last message accepted; anything below it was already accepted once. */
  nextOffset: bigint | undefined;
  /** onAssigned was called, so messages may be handed over. */
  announced: boolean;
  paused: boolean;
  /** A batch is with the listener, or waits to be handed again after a rejection. */
  busy: boolean;
  failures: number;
  fetchable: boolean;
  handOverScheduled: boolean;
  retryTimer: NodeJS.Timeout | undefined;
}

const defaultRetryDelayMs = (attempt: number): number => Math.min(30_000, 1_000 * 2 ** (attempt - 1));

/**
 * Hands fetched messages to the listener one batch per partition at a time, in offset order, and
 * keeps the contract of ConsumerListener.onMessages: nothing more of a partition until the previous
 * batch's promise settles. Both adapters feed it; how a partition's fetching is actually held back
 * is theirs to do (see onFetchableChange and buffered).
 */
export class PartitionDispatcher {
  private readonly partitions = new Map<string, PartitionState>();
  private waitingCount = 0;
  private stopped = false;
  private readonly maxBatchSize: number;
  private readonly retryDelayMs: (attempt: number) => number;

  constructor(
    private readonly listener: Pick<ConsumerListener, 'onMessages'>,
    private readonly options: PartitionDispatcherOptions = {},
  ) {
    this.maxBatchSize = options.maxBatchSize ?? 1_000;
    this.retryDelayMs = options.retryDelayMs ?? defaultRetryDelayMs;
  }

  /** Messages accepted but not yet handed to the listener, over all partitions. */
  get buffered(): number {
    return this.waitingCount;
  }

  /** Starts tracking partitions; their messages wait until they are announced. */
  assign(partitions: readonly TopicPartition[]): void {
    for (const partition of partitions) {
      const key = partitionKey(partition);
      if (this.partitions.has(key)) continue;
      this.partitions.set(key, {
        partition: { topic: partition.topic, partition: partition.partition },
        waiting: [],
        nextOffset: undefined,
        announced: false,
        paused: false,
        busy: false,
        failures: 0,
        fetchable: true,
        handOverScheduled: false,
        retryTimer: undefined,
      });
    }
  }

  /** The listener was told it owns these partitions: hand their messages over from now on. */
  announce(partitions: readonly TopicPartition[]): void {
    for (const partition of partitions) {
      const state = this.partitions.get(partitionKey(partition));
      if (!state) continue;
      state.announced = true;
      this.scheduleHandOver(state);
    }
  }

  /** Forgets partitions: their waiting messages are dropped and a batch still with the listener is its business. */
  revoke(partitions: readonly TopicPartition[]): void {
    for (const partition of partitions) {
      const key = partitionKey(partition);
      const state = this.partitions.get(key);
      if (!state) continue;
      this.partitions.delete(key);
      clearTimeout(state.retryTimer);
      this.waitingCount -= state.waiting.length;
      // Leave the client with no hold on a partition that may come back in a later assignment.
      if (!state.fetchable) this.options.onFetchableChange?.(state.partition, true);
    }
  }

  /**
   * Accepts fetched messages of one partition, in offset order. Messages below the partition's
   * position (a client re-reading from the committed offset after a rebalance) are dropped, so
   * the listener sees each offset once while it owns the partition. Returns false when the
   * partition is not owned (the messages are dropped).
   */
  push(partition: TopicPartition, messages: readonly InboundMessage[]): boolean {
    const state = this.partitions.get(partitionKey(partition));
    if (!state || this.stopped) return false;
    const fresh = this.unseen(state, messages);
    if (fresh.length === 0) return true;
    for (const message of fresh) state.waiting.push(message);
    this.waitingCount += fresh.length;
    state.nextOffset = BigInt(fresh[fresh.length - 1]!.offset) + 1n;
    this.refreshFetchable(state);
    this.scheduleHandOver(state);
    return true;
  }

  pause(partitions: readonly TopicPartition[]): void {
    for (const partition of partitions) {
      const state = this.partitions.get(partitionKey(partition));
      if (!state) continue;
      state.paused = true;
      this.refreshFetchable(state);
    }
  }

  resume(partitions: readonly TopicPartition[]): void {
    for (const partition of partitions) {
      const state = this.partitions.get(partitionKey(partition));
      if (!state || !state.paused) continue;
      state.paused = false;
      this.refreshFetchable(state);
      // Never call back into the listener from inside its own resume() call.
      this.scheduleHandOver(state);
    }
  }

  isPaused(partition: TopicPartition): boolean {
    return this.partitions.get(partitionKey(partition))?.paused ?? false;
  }

  /** No more hand-overs, ever: the consumer is stopping. */
  stop(): void {
    this.stopped = true;
    for (const state of this.partitions.values()) clearTimeout(state.retryTimer);
  }

  private unseen(state: PartitionState, messages: readonly InboundMessage[]): readonly InboundMessage[] {
    const first = messages[0];
    if (!first || state.nextOffset === undefined || BigInt(first.offset) >= state.nextOffset) return messages;
    const nextOffset = state.nextOffset;
    return messages.filter((message) => BigInt(message.offset) >= nextOffset);
  }

  // Deferred so that messages a client emits one by one from one fetch reach the listener as one batch.
  private scheduleHandOver(state: PartitionState): void {
    if (state.handOverScheduled) return;
    state.handOverScheduled = true;
    queueMicrotask(() => {
      state.handOverScheduled = false;
      this.handOver(state);
    });
  }

  private handOver(state: PartitionState): void {
    if (this.stopped || !state.announced || state.paused || state.busy || state.waiting.length === 0) return;
    if (this.partitions.get(partitionKey(state.partition)) !== state) return;
    const batch = state.waiting.splice(0, this.maxBatchSize);
    this.waitingCount -= batch.length;
    state.busy = true;
    this.refreshFetchable(state);
    this.options.onDrain?.();
    let delivery: Promise<void>;
    try {
      delivery = this.listener.onMessages(state.partition, batch);
    } catch (error) {
      delivery = Promise.reject(error);
    }
    delivery.then(
      () => this.delivered(state),
      (error: unknown) => this.rejected(state, batch, error),
    );
  }

  private delivered(state: PartitionState): void {
    state.failures = 0;
    state.busy = false;
    if (!this.isCurrent(state)) return;
    this.refreshFetchable(state);
    this.handOver(state);
  }

  private rejected(state: PartitionState, batch: InboundMessage[], error: unknown): void {
    if (!this.isCurrent(state)) return;
    state.failures += 1;
    this.options.onDeliveryFailed?.(state.partition, error, state.failures);
    state.waiting.unshift(...batch);
    this.waitingCount += batch.length;
    state.retryTimer = setTimeout(() => {
      state.retryTimer = undefined;
      state.busy = false;
      if (!this.isCurrent(state)) return;
      this.refreshFetchable(state);
      this.handOver(state);
    }, this.retryDelayMs(state.failures));
  }

  private isCurrent(state: PartitionState): boolean {
    return !this.stopped && this.partitions.get(partitionKey(state.partition)) === state;
  }

  private refreshFetchable(state: PartitionState): void {
    const fetchable = !state.paused && !state.busy && state.waiting.length === 0;
    if (fetchable === state.fetchable) return;
    state.fetchable = fetchable;
    this.options.onFetchableChange?.(state.partition, fetchable);
  }
}
