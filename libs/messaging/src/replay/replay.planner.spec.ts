import type { AdminPort, GroupDescription, TopicPartitionOffset } from '../kafka/kafka-client.port';
import { executeReplay, GroupNotStoppedError, planReplay } from './replay.planner';

function fakeAdmin(overrides: Partial<AdminPort> & { group?: GroupDescription } = {}): AdminPort & {
  moved: TopicPartitionOffset[];
} {
  const offsets = (values: string[]) => async (topic: string) =>
    values.map((offset, partition) => ({ topic, partition, offset }));
  const admin = {
    moved: [] as TopicPartitionOffset[],
    createTopics: async () => undefined,
    listTopics: async () => [],
    partitionCount: async () => 3,
    describeGroup: async () => overrides.group ?? { groupId: 'g', state: 'Empty', members: 0 },
    // Partition 2 has no committed offset yet.
    groupOffsets: async (_group: string, topic: string) => [
      { topic, partition: 0, offset: '100' },
      { topic, partition: 1, offset: '40' },
    ],
    latestOffsets: offsets(['120', '40', '7']),
    earliestOffsets: offsets(['0', '10', '0']),
    offsetsForTimestamp: offsets(['90', '40', '7']),
    setGroupOffsets: async (_group: string, moved: TopicPartitionOffset[]) => {
      admin.moved.push(...moved);
    },
    close: async () => undefined,
    ...overrides,
  };
  return admin;
}

describe(planReplay.name, () => {
  it('counts, per partition, the messages after the target that the group will read again', async () => {
    const plan = await planReplay(fakeAdmin(), 'g', ['inventory.events'], {
      kind: 'timestamp',
      timestamp: 1,
    });
    expect(plan).toEqual([
      { topic: 'inventory.events', partition: 0, from: '100', to: '90', rereads: 10 },
      { topic: 'inventory.events', partition: 1, from: '40', to: '40', rereads: 0 },
      { topic: 'inventory.events', partition: 2, from: '7', to: '7', rereads: 0 },
    ]);
  });

  it('rewinds to the earliest retained offset', async () => {
    const plan = await planReplay(fakeAdmin(), 'g', ['t'], { kind: 'earliest' });
    expect(plan.map((p) => [p.to, p.rereads])).toEqual([
      ['0', 100],
      ['10', 30],
      ['0', 7],
    ]);
  });
});

describe(executeReplay.name, () => {
  it('moves the offsets of a stopped group', async () => {
    const admin = fakeAdmin();
    const plan = await planReplay(admin, 'g', ['t'], { kind: 'earliest' });
    await executeReplay(admin, 'g', plan);
    expect(admin.moved).toEqual([
      { topic: 't', partition: 0, offset: '0' },
      { topic: 't', partition: 1, offset: '10' },
      { topic: 't', partition: 2, offset: '0' },
    ]);
  });

  it('refuses while the group has members, and says so', async () => {
    const admin = fakeAdmin({ group: { groupId: 'g', state: 'Stable', members: 2 } });
    const plan = await planReplay(admin, 'g', ['t'], { kind: 'earliest' });
    await expect(executeReplay(admin, 'g', plan)).rejects.toThrow(GroupNotStoppedError);
    await expect(executeReplay(admin, 'g', plan)).rejects.toThrow(
      /is Stable with 2 member\(s\): stop every instance/,
    );
    expect(admin.moved).toEqual([]);
  });
});
