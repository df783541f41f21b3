import type { AdminPort, TopicPartitionOffset } from '../kafka/kafka-client.port';
import type { ReplayTarget } from './replay-target';

export interface PartitionReplay {
  topic: string;
  partition: number;
  /** Where the group would read next now (its committed offset, or the end when it has none). */
  from: string;
  /** Where it will read next after the replay. */
  to: string;
  /** How many messages the group will read again (0 when the target is not behind it). */
  rereads: number;
}

export class GroupNotStoppedError extends Error {
  constructor(
    readonly groupId: string,
    readonly state: string,
    readonly members: number,
  ) {
    super(
      `consumer group ${groupId} is ${state} with ${members} member(s): stop every instance of it before a replay ` +
        '(Kafka refuses to move the offsets of an active group)',
    );
  }
}

/** Computes, per partition, where a replay moves the group and how many messages it re-reads. */
export async function planReplay(
  admin: AdminPort,
  groupId: string,
  topics: string[],
  target: ReplayTarget,
): Promise<PartitionReplay[]> {
  const plan: PartitionReplay[] = [];
  for (const topic of topics) {
    const [committed, latest, targets] = await Promise.all([
      admin.groupOffsets(groupId, topic),
      admin.latestOffsets(topic),
      target.kind === 'earliest'
        ? admin.earliestOffsets(topic)
        : admin.offsetsForTimestamp(topic, target.timestamp),
    ]);
    for (const end of latest) {
      const from = offsetOf(committed, end.partition) ?? end.offset;
      const to = offsetOf(targets, end.partition) ?? end.offset;
      const rereads = BigInt(from) - BigInt(to);
      plan.push({ topic, partition: end.partition, from, to, rereads: rereads > 0n ? Number(rereads) : 0 });
    }
  }
  return plan.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
}

/** Moves the group's offsets as planned; refuses while any member of the group is running. */
export async function executeReplay(
  admin: AdminPort,
  groupId: string,
  plan: PartitionReplay[],
): Promise<void> {
  const group = await admin.describeGroup(groupId);
  if (!['Empty', 'Dead'].includes(group.state) || group.members > 0) {
    throw new GroupNotStoppedError(groupId, group.state, group.members);
  }
  await admin.setGroupOffsets(
    groupId,
    plan.map(({ topic, partition, to }) => ({ topic, partition, offset: to })),
  );
}

function offsetOf(offsets: TopicPartitionOffset[], partition: number): string | undefined {
  return offsets.find((offset) => offset.partition === partition)?.offset;
}
