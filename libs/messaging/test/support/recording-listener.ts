import type { ConsumerListener, InboundMessage, TopicPartition } from '../../src/kafka/kafka-client.port';

const key = ({ topic, partition }: TopicPartition): string => `${topic}:${partition}`;

/** A ConsumerListener that records everything it is told and can hold a partition's batches. */
export class RecordingListener implements ConsumerListener {
  readonly messages: InboundMessage[] = [];
  readonly batches: { partition: number; offsets: string[] }[] = [];
  readonly assignedCalls: TopicPartition[][] = [];
  readonly revokedCalls: TopicPartition[][] = [];
  private readonly ownedKeys = new Map<string, TopicPartition>();
  private readonly holds = new Map<string, Promise<void>>();
  /** Runs inside onRevoked, before it resolves. */
  whileRevoking: (partitions: TopicPartition[]) => Promise<void> = async () => undefined;

  async onMessages(partition: TopicPartition, messages: InboundMessage[]): Promise<void> {
    this.messages.push(...messages);
    this.batches.push({ partition: partition.partition, offsets: messages.map(({ offset }) => offset) });
    await this.holds.get(key(partition));
  }

  onAssigned(partitions: TopicPartition[]): void {
    this.assignedCalls.push(partitions);
    for (const partition of partitions) this.ownedKeys.set(key(partition), partition);
  }

  async onRevoked(partitions: TopicPartition[]): Promise<void> {
    this.revokedCalls.push(partitions);
    for (const partition of partitions) this.ownedKeys.delete(key(partition));
    await this.whileRevoking(partitions);
  }

  /** Partition numbers this listener was last told it owns, sorted. */
  get owned(): number[] {
    return [...this.ownedKeys.values()].map(({ partition }) => partition).sort((a, b) => a - b);
  }

  get revoked(): number[] {
    return this.revokedCalls
      .flat()
      .map(({ partition }) => partition)
      .sort((a, b) => a - b);
  }

  /** Batches of this partition that reach onMessages from now on stay unresolved until release() is called. */
  hold(partition: TopicPartition): { release: () => void } {
    let release = (): void => undefined;
    this.holds.set(
      key(partition),
      new Promise<void>((resolve) => {
        release = () => {
          this.holds.delete(key(partition));
          resolve();
        };
      }),
    );
    return { release: () => release() };
  }

  valuesOf(partition: number): string[] {
    return this.messages
      .filter((message) => message.partition === partition)
      .map((message) => message.value?.toString() ?? '');
  }
}
