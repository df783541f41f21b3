import type { TopicPartition } from './kafka-client.port';

/** A map key for one partition. Kafka topic names cannot contain ':', so the key is unambiguous. */
export function partitionKey({ topic, partition }: TopicPartition): string {
  return `${topic}:${partition}`;
}

export function groupByTopic<T extends { topic: string }>(items: readonly T[]): Map<string, T[]> {
  const byTopic = new Map<string, T[]>();
  for (const item of items) {
    const group = byTopic.get(item.topic);
    if (group) group.push(item);
    else byTopic.set(item.topic, [item]);
  }
  return byTopic;
}

/** `{ topic, partitions: [...] }` lists, the shape both client libraries report assignments in. */
export function fromTopicPartitionLists(
  lists: Iterable<{ topic: string; partitions: readonly number[] }>,
): TopicPartition[] {
  const partitions: TopicPartition[] = [];
  for (const { topic, partitions: numbers } of lists) {
    for (const partition of numbers) partitions.push({ topic, partition });
  }
  return partitions;
}
