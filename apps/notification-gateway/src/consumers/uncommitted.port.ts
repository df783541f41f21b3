import type {
  ConsumerListener,
  ConsumerPort,
  TopicPartition,
  TopicPartitionOffset,
} from '@platform/messaging';

/**
 * A consumer port whose commits stay in this process. The gateway's groups commit nothing, so
 * every start reads from where `fromBeginning` says; the runtime's commit points still tell how
 * far the instance got, which is what `reached` waits on.
 */
export class UncommittedPort implements ConsumerPort {
  private readonly done = new Map<string, bigint>();
  private readonly progressed = new Set<() => void>();

  constructor(private readonly inner: ConsumerPort) {}

  start(listener: ConsumerListener): Promise<void> {
    return this.inner.start(listener);
  }

  pause(partitions: TopicPartition[]): void {
    this.inner.pause(partitions);
  }

  resume(partitions: TopicPartition[]): void {
    this.inner.resume(partitions);
  }

  stop(): Promise<void> {
    return this.inner.stop();
  }

  async commit(offsets: TopicPartitionOffset[]): Promise<void> {
    for (const { topic, partition, offset } of offsets) {
      const id = idOf({ topic, partition });
      const value = BigInt(offset);
      if (value > (this.done.get(id) ?? -1n)) this.done.set(id, value);
    }
    for (const notify of [...this.progressed]) notify();
  }

  /** Resolves once, in every partition given, each record below its offset was handled or dead-lettered. */
  reached(targets: readonly TopicPartitionOffset[]): Promise<void> {
    const isReached = () =>
      targets.every((target) => (this.done.get(idOf(target)) ?? -1n) >= BigInt(target.offset));
    if (isReached()) return Promise.resolve();
    return new Promise((resolve) => {
      const check = (): void => {
        if (!isReached()) return;
        this.progressed.delete(check);
        resolve();
      };
      this.progressed.add(check);
    });
  }
}

function idOf({ topic, partition }: TopicPartition): string {
  return `${topic}\u0000${partition}`;
}
