import type { Admin } from 'kafkajs';
import type { AdminPort, GroupDescription, TopicPartitionOffset } from '../kafka-client.port';
import { groupByTopic } from '../topic-partition';

// The topics the broker marks internal, which @platformatic/kafka leaves out by default too.
const kafkaInternalTopics = new Set(['__consumer_offsets', '__transaction_state', '__share_group_state']);

export class KafkajsAdmin implements AdminPort {
  constructor(private readonly admin: Admin) {}

  async createTopics(
    topics: { topic: string; partitions: number; config?: Record<string, string> }[],
  ): Promise<void> {
    // kafkajs resolves false, rather than failing, for topics that already exist.
    await this.admin.createTopics({
      waitForLeaders: true,
      topics: topics.map(({ topic, partitions, config = {} }) => ({
        topic,
        numPartitions: partitions,
        configEntries: Object.entries(config).map(([name, value]) => ({ name, value })),
      })),
    });
  }

  async listTopics(): Promise<string[]> {
    return (await this.admin.listTopics()).filter((topic) => !kafkaInternalTopics.has(topic));
  }

  async partitionCount(topic: string): Promise<number> {
    const { topics } = await this.admin.fetchTopicMetadata({ topics: [topic] });
    const metadata = topics.find(({ name }) => name === topic);
    if (!metadata) throw new Error(`Topic ${topic} does not exist`);
    return metadata.partitions.length;
  }

  async describeGroup(groupId: string): Promise<GroupDescription> {
    const { groups } = await this.admin.describeGroups([groupId]);
    const group = groups.find((candidate) => candidate.groupId === groupId);
    return { groupId, state: group?.state ?? 'Dead', members: group?.members.length ?? 0 };
  }

  async groupOffsets(groupId: string, topic: string): Promise<TopicPartitionOffset[]> {
    const topics = await this.admin.fetchOffsets({ groupId, topics: [topic] });
    return topics
      .filter((entry) => entry.topic === topic)
      .flatMap((entry) => entry.partitions)
      .filter(({ offset }) => BigInt(offset) >= 0n)
      .map(({ partition, offset }) => ({ topic, partition, offset }));
  }

  async setGroupOffsets(groupId: string, offsets: TopicPartitionOffset[]): Promise<void> {
    for (const [topic, ofTopic] of groupByTopic(offsets)) {
      await this.admin.setOffsets({
        groupId,
        topic,
        partitions: ofTopic.map(({ partition, offset }) => ({ partition, offset })),
      });
    }
  }

  async offsetsForTimestamp(topic: string, timestamp: number): Promise<TopicPartitionOffset[]> {
    // kafkajs already answers the end offset for partitions with nothing at or after the timestamp.
    const offsets = await this.admin.fetchTopicOffsetsByTimestamp(topic, timestamp);
    return sortByPartition(offsets.map(({ partition, offset }) => ({ topic, partition, offset })));
  }

  async earliestOffsets(topic: string): Promise<TopicPartitionOffset[]> {
    const offsets = await this.admin.fetchTopicOffsets(topic);
    return sortByPartition(offsets.map(({ partition, low }) => ({ topic, partition, offset: low })));
  }

  async latestOffsets(topic: string): Promise<TopicPartitionOffset[]> {
    const offsets = await this.admin.fetchTopicOffsets(topic);
    return sortByPartition(offsets.map(({ partition, high }) => ({ topic, partition, offset: high })));
  }

  close(): Promise<void> {
    return this.admin.disconnect();
  }
}

function sortByPartition(offsets: TopicPartitionOffset[]): TopicPartitionOffset[] {
  return offsets.sort((a, b) => a.partition - b.partition);
}
