import type { InboundMessage, TopicPartition } from '../kafka/kafka-client.port';

/** Where a partition's log starts (older records were deleted) and ends (the next offset to be written). */
export interface PartitionBounds {
  start: string;
  end: string;
}

/**
 * Reads a partition's records between two offsets without a consumer group: nothing is committed
 * and no group rebalances, so any number of readers can replay history beside live consumers.
 */
export interface PartitionReaderPort {
  /** Kafka's topic id: a new one when the topic is deleted and created again. */
  topicId(topic: string): Promise<string>;
  partitionCount(topic: string): Promise<number>;
  /** The partition a key lands in, as the Java client (and every producer here) puts it. */
  partitionOf(topic: string, key: string): Promise<number>;
  bounds(partition: TopicPartition): Promise<PartitionBounds>;
  /**
   * The records at offsets from `from` (inclusive) to `until` (exclusive), in offset order, handed
   * to `onRecords` batch by batch; resolves when `until` is reached. Throws OffsetOutOfRangeError
   * when `from` is below the log start (the records were deleted).
   */
  read(
    partition: TopicPartition,
    range: { from: string; until: string },
    onRecords: (records: InboundMessage[]) => void | Promise<void>,
  ): Promise<void>;
  close(): Promise<void>;
}

export class OffsetOutOfRangeError extends Error {
  constructor(
    readonly partition: TopicPartition,
    readonly offset: string,
  ) {
    super(`offset ${offset} of ${partition.topic}/${partition.partition} is no longer in the log`);
    this.name = OffsetOutOfRangeError.name;
  }
}
