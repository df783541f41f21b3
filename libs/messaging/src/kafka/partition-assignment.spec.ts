import type { InboundMessage, TopicPartition } from './kafka-client.port';
import { silentKafkaLogger } from './kafka-client.options';
import { PartitionAssignment } from './partition-assignment';
import { PartitionDispatcher } from './partition-dispatcher';

const topic = 'payment.events';
const partitions = (...numbers: number[]): TopicPartition[] =>
  numbers.map((partition) => ({ topic, partition }));
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe(PartitionAssignment.name, () => {
  function setUp() {
    const events: string[] = [];
    let finishRevoking = (): void => undefined;
    const listener = {
      onMessages: async (partition: TopicPartition, messages: InboundMessage[]) => {
        events.push(`messages ${partition.partition}:${messages.map(({ offset }) => offset).join(',')}`);
      },
      onAssigned: (assigned: TopicPartition[]) => events.push(`assigned ${assigned.map((p) => p.partition)}`),
      onRevoked: (revoked: TopicPartition[]) => {
        events.push(`revoked ${revoked.map((p) => p.partition)}`);
        return new Promise<void>((resolve) => (finishRevoking = resolve));
      },
    };
    const dispatcher = new PartitionDispatcher(listener);
    const assignment = new PartitionAssignment(listener, dispatcher, silentKafkaLogger);
    return { events, dispatcher, assignment, finishRevoking: () => finishRevoking() };
  }

  it('tells the listener what was added and what was taken away, not the whole assignment', async () => {
    const { events, assignment, finishRevoking } = setUp();
    assignment.update(partitions(0, 1, 2));
    await assignment.settled();
    assignment.update(partitions(1, 2, 3));
    await settle();
    finishRevoking();
    await assignment.settled();
    assignment.update(partitions(3, 2, 1));
    await assignment.settled();
    expect(events).toEqual(['assigned 0,1,2', 'revoked 0', 'assigned 3']);
  });

  it('announces new partitions only after the previous onRevoked resolved, and holds their messages till then', async () => {
    const { events, dispatcher, assignment, finishRevoking } = setUp();
    assignment.update(partitions(0));
    await assignment.settled();
    assignment.update(partitions(1));
    dispatcher.push({ topic, partition: 1 }, [
      { topic, partition: 1, offset: '7', key: null, value: null, headers: {}, timestamp: 0 },
    ]);
    await settle();
    expect(events).toEqual(['assigned 0', 'revoked 0']);

    finishRevoking();
    await assignment.settled();
    await settle();
    expect(events).toEqual(['assigned 0', 'revoked 0', 'assigned 1', 'messages 1:7']);
  });

  it('revokes everything on revokeAll, waits for the listener, and ignores later assignments', async () => {
    const { events, assignment, finishRevoking } = setUp();
    assignment.update(partitions(0, 1));
    await assignment.settled();
    let revoked = false;
    const revoking = assignment.revokeAll().then(() => (revoked = true));
    await settle();
    expect(revoked).toBe(false);
    finishRevoking();
    await revoking;
    assignment.update(partitions(2));
    await assignment.settled();
    expect(events).toEqual(['assigned 0,1', 'revoked 0,1']);
  });
});
