import type {
  ConsumerListener,
  ConsumerPort,
  InboundMessage,
  TopicPartition,
  TopicPartitionOffset,
} from '../../kafka/kafka-client.port';

export interface InMemoryConsumerPortOptions {
  /**
   * Called as each commit arrives, before it is recorded: a test can check invariants here, or
   * return a promise to hold the commit until it settles.
   */
  onCommit?: (offsets: TopicPartitionOffset[]) => void | Promise<void>;
}

/**
 * A consumer port driven by the test: it assigns, delivers and revokes by hand, and records pauses,
 * resumes and commits. It does not fetch on its own, so a test decides when a paused partition
 * would still receive a batch.
 */
export class InMemoryConsumerPort implements ConsumerPort {
  readonly commits: TopicPartitionOffset[][] = [];
  readonly pauses: TopicPartition[] = [];
  readonly resumes: TopicPartition[] = [];
  started = false;
  stopped = false;
  private listener: ConsumerListener | undefined;
  private readonly owned = new Map<string, TopicPartition>();
  private readonly paused = new Set<string>();
  private readonly commitFailures: unknown[] = [];

  constructor(private readonly options: InMemoryConsumerPortOptions = {}) {}

  async start(listener: ConsumerListener): Promise<void> {
    this.listener = listener;
    this.started = true;
  }

  pause(partitions: TopicPartition[]): void {
    for (const partition of partitions) {
      this.pauses.push(partition);
      this.paused.add(idOf(partition));
    }
  }

  resume(partitions: TopicPartition[]): void {
    for (const partition of partitions) {
      this.resumes.push(partition);
      this.paused.delete(idOf(partition));
    }
  }

  async commit(offsets: TopicPartitionOffset[]): Promise<void> {
    await this.options.onCommit?.(offsets);
    if (this.commitFailures.length > 0) throw this.commitFailures.shift();
    this.commits.push(offsets);
  }

  /** Revokes every owned partition, as leaving the group does, then disconnects. */
  async stop(): Promise<void> {
    const owned = [...this.owned.values()];
    if (owned.length > 0) await this.revoke(owned);
    this.stopped = true;
  }

  assign(partitions: TopicPartition[]): void {
    for (const partition of partitions) this.owned.set(idOf(partition), partition);
    this.requireListener().onAssigned(partitions);
  }

  async revoke(partitions: TopicPartition[]): Promise<void> {
    await this.requireListener().onRevoked(partitions);
    for (const partition of partitions) this.owned.delete(idOf(partition));
  }

  /** Hands a fetched batch to the runtime, whether or not the partition is paused. */
  deliver(partition: TopicPartition, messages: InboundMessage[]): Promise<void> {
    return this.requireListener().onMessages(partition, messages);
  }

  isPaused(partition: TopicPartition): boolean {
    return this.paused.has(idOf(partition));
  }

  /** The latest offset committed for the partition. */
  committedOffset(partition: TopicPartition): string | undefined {
    let latest: string | undefined;
    for (const batch of this.commits) {
      for (const entry of batch) if (idOf(entry) === idOf(partition)) latest = entry.offset;
    }
    return latest;
  }

  /** Makes the next commit reject with `error` (once per call). */
  failNextCommit(error: unknown = new Error('commit failed')): void {
    this.commitFailures.push(error);
  }

  private requireListener(): ConsumerListener {
    if (!this.listener) throw new Error('InMemoryConsumerPort: start() was not called');
    return this.listener;
  }
}

function idOf({ topic, partition }: TopicPartition): string {
  return `${topic}\u0000${partition}`;
}
