import type { Admin } from 'kafkajs';
import type { TopicSpec } from '@platform/contracts';

/** A topic as the broker needs it; built from the catalog or from a connector's needs. */
export interface TopicRequest {
  name: string;
  partitions: number;
  config: Record<string, string>;
}

export interface TopicChanges {
  created: string[];
  widened: string[];
  unchanged: string[];
}

export function catalogTopicRequests(catalog: readonly TopicSpec[]): TopicRequest[] {
  return catalog.map((topic) => ({
    name: topic.name,
    partitions: topic.partitions,
    config: { 'retention.ms': String(topic.retentionMs), 'cleanup.policy': topic.cleanupPolicy },
  }));
}

/**
 * Makes the broker's topics match the requests: creates missing ones and adds partitions where
 * more are asked for (Kafka cannot remove partitions, so asking for fewer is an error).
 */
export async function ensureTopics(admin: Admin, requests: TopicRequest[]): Promise<TopicChanges> {
  const existing = new Set(await admin.listTopics());
  const missing = requests.filter((topic) => !existing.has(topic.name));
  if (missing.length > 0) {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({
        topic: topic.name,
        numPartitions: topic.partitions,
        replicationFactor: 1,
        configEntries: Object.entries(topic.config).map(([name, value]) => ({ name, value })),
      })),
    });
  }
  const present = requests.filter((topic) => existing.has(topic.name));
  const metadata =
    present.length > 0
      ? await admin.fetchTopicMetadata({ topics: present.map((t) => t.name) })
      : { topics: [] };
  const widened: TopicRequest[] = [];
  for (const topic of present) {
    const actual = metadata.topics.find((t) => t.name === topic.name)?.partitions.length ?? 0;
    if (actual > topic.partitions) {
      throw new Error(
        `topic ${topic.name} has ${actual} partitions, the catalog asks for ${topic.partitions}: Kafka cannot remove partitions`,
      );
    }
    if (actual < topic.partitions) widened.push(topic);
  }
  if (widened.length > 0) {
    await admin.createPartitions({
      topicPartitions: widened.map((topic) => ({ topic: topic.name, count: topic.partitions })),
    });
  }
  const widenedNames = widened.map((topic) => topic.name);
  return {
    created: missing.map((topic) => topic.name),
    widened: widenedNames,
    unchanged: present.map((topic) => topic.name).filter((name) => !widenedNames.includes(name)),
  };
}
