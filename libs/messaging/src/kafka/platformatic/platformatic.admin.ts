import { setTimeout as sleep } from 'node:timers/promises';
import { findErrorBy, ListOffsetTimestamps, type Admin } from '@platformatic/kafka';
import type { AdminPort, GroupDescription, TopicPartitionOffset } from '../kafka-client.port';
import { groupByTopic } from '../topic-partition';

const leaderWaitMs = 30_000;

export class PlatformaticAdmin implements AdminPort {
  constructor(private readonly admin: Admin) {}

  async createTopics(
    topics: { topic: string; partitions: number; config?: Record<string, string> }[],
  ): Promise<void> {
    // Configs go with a request, not with a topic, hence one request per topic.
    for (const { topic, partitions, config = {} } of topics) {
      await this.admin
        .createTopics({
          topics: [topic],
          partitions,
          configs: Object.entries(config).map(([name, value]) => ({ name, value })),
        })
        .catch((error: Error) => {
          // Like kafkajs, creating a topic that exists is not an error.
          if (!findErrorBy(error, 'apiId', 'TOPIC_ALREADY_EXISTS')) throw error;
        });
    }
    await this.waitForLeaders(topics.map(({ topic }) => topic));
  }

  async listTopics(): Promise<string[]> {
    return this.admin.listTopics({ includeInternals: false });
  }

  async partitionCount(topic: string): Promise<number> {
    const metadata = await this.admin.metadata({ topics: [topic], forceUpdate: true });
    const topicMetadata = metadata.topics.get(topic);
    if (!topicMetadata) throw new Error(`Topic ${topic} does not exist`);
    return topicMetadata.partitionsCount;
  }

  async describeGroup(groupId: string): Promise<GroupDescription> {
    const groups = await this.admin.describeGroups({ groups: [groupId] });
    const group = groups.get(groupId);
    return { groupId, state: group?.state ?? 'Dead', members: group?.members.size ?? 0 };
  }

  async groupOffsets(groupId: string, topic: string): Promise<TopicPartitionOffset[]> {
    const [group] = await this.admin.listConsumerGroupOffsets({ groups: [groupId] });
    return (group?.topics ?? [])
      .filter(({ name }) => name === topic)
      .flatMap(({ partitions }) => partitions)
      .filter(({ committedOffset }) => committedOffset >= 0n)
      .map(({ partitionIndex, committedOffset }) => ({
        topic,
        partition: partitionIndex,
        offset: committedOffset.toString(),
      }))
      .sort((a, b) => a.partition - b.partition);
  }

  async setGroupOffsets(groupId: string, offsets: TopicPartitionOffset[]): Promise<void> {
    await this.admin.alterConsumerGroupOffsets({
      groupId,
      topics: [...groupByTopic(offsets)].map(([name, ofTopic]) => ({
        name,
        partitionOffsets: ofTopic.map(({ partition, offset }) => ({ partition, offset: BigInt(offset) })),
      })),
    });
  }

  async offsetsForTimestamp(topic: string, timestamp: number): Promise<TopicPartitionOffset[]> {
    const [found, latest] = await Promise.all([
      this.offsetsAt(topic, BigInt(timestamp)),
      this.offsetsAt(topic, ListOffsetTimestamps.LATEST),
    ]);
    // Kafka answers -1 where nothing is at or after the timestamp; the port promises the end offset.
    return found.map((entry, index) => (BigInt(entry.offset) >= 0n ? entry : latest[index]!));
  }

  earliestOffsets(topic: string): Promise<TopicPartitionOffset[]> {
    return this.offsetsAt(topic, ListOffsetTimestamps.EARLIEST);
  }

  latestOffsets(topic: string): Promise<TopicPartitionOffset[]> {
    return this.offsetsAt(topic, ListOffsetTimestamps.LATEST);
  }

  close(): Promise<void> {
    return this.admin.close();
  }

  private async offsetsAt(topic: string, timestamp: bigint): Promise<TopicPartitionOffset[]> {
    const count = await this.partitionCount(topic);
    const partitions = Array.from({ length: count }, (_, partitionIndex) => ({ partitionIndex, timestamp }));
    const listed = await this.admin.listOffsets({ topics: [{ name: topic, partitions }] });
    return listed
      .filter(({ name }) => name === topic)
      .flatMap((entry) => entry.partitions)
      .map(({ partitionIndex, offset }) => ({ topic, partition: partitionIndex, offset: offset.toString() }))
      .sort((a, b) => a.partition - b.partition);
  }

  // createTopics returns before the partitions have leaders; kafkajs waits (waitForLeaders), so do we.
  private async waitForLeaders(topics: string[]): Promise<void> {
    const deadline = Date.now() + leaderWaitMs;
    for (;;) {
      const metadata = await this.admin.metadata({ topics, forceUpdate: true }).catch(() => undefined);
      const ready = topics.every((topic) => {
        const partitions = metadata?.topics.get(topic)?.partitions;
        return partitions !== undefined && partitions.every((partition) => partition.leader >= 0);
      });
      if (ready) return;
      if (Date.now() > deadline) throw new Error(`Topics ${topics.join(', ')} have no leaders yet`);
      await sleep(100);
    }
  }
}
