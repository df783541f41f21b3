import { Partitioners } from 'kafkajs';

// kafkajs's DefaultPartitioner is a port of the Java client's: toPositive(murmur2(key)) % partitions.
const defaultPartitioner = Partitioners.DefaultPartitioner();

/** The partition the Java client's default partitioner gives a key. */
export function javaPartition(key: string, partitionCount: number): number {
  return defaultPartitioner({
    topic: 'any',
    partitionMetadata: Array.from({ length: partitionCount }, (_, partitionId) => ({
      partitionId,
      leader: 0,
      partitionErrorCode: 0,
      replicas: [0],
      isr: [0],
    })),
    message: { key, value: null },
  });
}

/** A key the Java partitioner puts on `partition`. */
export function keyOnPartition(partition: number, partitionCount: number, prefix = 'key'): string {
  for (let n = 0; ; n++) {
    const key = `${prefix}-${n}`;
    if (javaPartition(key, partitionCount) === partition) return key;
  }
}
