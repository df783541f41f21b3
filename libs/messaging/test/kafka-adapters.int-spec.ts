import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { readStackEndpoints } from '@platform/stack-endpoints';
import type {
  AdminPort,
  ConsumerOptions,
  ConsumerPort,
  KafkaClientPort,
  ProducerPort,
} from '../src/kafka/kafka-client.port';
import type { KafkaClientOptions } from '../src/kafka/kafka-client.options';
import { KafkajsClient } from '../src/kafka/kafkajs/kafkajs.adapter';
import { PlatformaticKafkaClient } from '../src/kafka/platformatic/platformatic.adapter';
import { eventually } from '@platform/testing';
import { javaPartition, keyOnPartition } from './support/java-partitioner';
import { RecordingListener } from './support/recording-listener';

// One contract, run against every adapter on the real broker: what the messaging runtime relies on
// must hold whichever Kafka client library is underneath.
const { brokers } = readStackEndpoints().kafka;

// Group joins and rebalances on a real broker take seconds; the limits only bound a broken run.
jest.setTimeout(90_000);

type ClientFactory = (options: KafkaClientOptions) => KafkaClientPort;

const adapters: [string, ClientFactory][] = [
  ['kafkajs', (options) => new KafkajsClient(options)],
  ['@platformatic/kafka', (options) => new PlatformaticKafkaClient(options)],
];

const uniqueName = (kind: string): string => `test.adapter-${kind}-${randomUUID().slice(0, 8)}`;

describe.each(adapters)('Kafka client adapter: %s', (adapterName, createClient) => {
  let fetches = 0;
  const client = createClient({ brokers, onFetch: () => (fetches += 1) });
  const consumers: ConsumerPort[] = [];
  let admin: AdminPort;
  let producer: ProducerPort;

  beforeAll(async () => {
    admin = await client.createAdmin({ clientId: 'adapter-test-admin' });
    producer = await client.createProducer({ clientId: 'adapter-test-producer' });
  });
  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((consumer) => consumer.stop().catch(() => undefined)));
  });
  afterAll(async () => {
    await producer?.close();
    await admin?.close();
  });

  async function newTopic(partitions: number): Promise<string> {
    const topic = uniqueName('topic');
    await admin.createTopics([{ topic, partitions }]);
    return topic;
  }

  async function startConsumer(
    topic: string,
    listener: RecordingListener,
    options: Partial<ConsumerOptions> = {},
  ): Promise<ConsumerPort> {
    const consumer = await client.createConsumer({
      clientId: 'adapter-test-consumer',
      groupId: uniqueName('group'),
      topics: [topic],
      fromBeginning: true,
      maxWaitMs: 1_000,
      sessionTimeoutMs: 10_000,
      ...options,
    });
    consumers.push(consumer);
    await consumer.start(listener);
    return consumer;
  }

  function sendTo(topic: string, partitionCount: number, partition: number, value: string): Promise<void> {
    return producer.send([{ topic, key: keyOnPartition(partition, partitionCount), value, headers: {} }]);
  }

  describe('producing and consuming', () => {
    it('delivers key, value and headers byte for byte, with offsets and timestamps', async () => {
      const topic = await newTopic(1);
      const binary = Buffer.from(Array.from({ length: 256 }, (_, byte) => byte));
      const before = Date.now();
      await producer.send([
        {
          topic,
          key: 'registration-1',
          value: binary,
          headers: { ce_id: 'id-1', 'content-type': 'application/octet-stream', empty: '' },
        },
        { topic, key: 'registration-2', value: '{"module":"Müller"}', headers: {} },
      ]);
      const after = Date.now();

      const listener = new RecordingListener();
      await startConsumer(topic, listener);
      await eventually('both messages', () => listener.messages.length >= 2);

      const [first, second] = listener.messages;
      expect(first).toMatchObject({ topic, partition: 0, offset: '0', key: Buffer.from('registration-1') });
      expect(first?.value).toEqual(binary);
      expect(first?.headers).toEqual({
        ce_id: Buffer.from('id-1'),
        'content-type': Buffer.from('application/octet-stream'),
        empty: Buffer.alloc(0),
      });
      expect(second).toMatchObject({ offset: '1', key: Buffer.from('registration-2'), headers: {} });
      expect(second?.value).toEqual(Buffer.from('{"module":"Müller"}'));
      for (const { timestamp } of listener.messages) {
        expect(timestamp).toBeGreaterThanOrEqual(before);
        expect(timestamp).toBeLessThanOrEqual(after);
      }
      expect(listener.messages).toHaveLength(2);
    });

    it('lands every message of concurrent sends, each send in its own order', async () => {
      const topic = await newTopic(2);
      const sends = Array.from({ length: 20 }, (_, send) =>
        Array.from({ length: 5 }, (_, n) => ({
          topic,
          key: `aggregate-${send % 4}`,
          value: `${send}:${n}`,
          headers: {},
        })),
      );
      await Promise.all(sends.map((messages) => producer.send(messages)));

      const latest = await admin.latestOffsets(topic);
      expect(latest.reduce((sum, { offset }) => sum + Number(offset), 0)).toBe(100);

      const listener = new RecordingListener();
      await startConsumer(topic, listener);
      await eventually('all 100 messages', () => listener.messages.length >= 100);
      for (let send = 0; send < 20; send++) {
        const values = listener.messages.map(({ value }) => value?.toString() ?? '');
        expect(values.filter((value) => value.startsWith(`${send}:`))).toEqual(
          [0, 1, 2, 3, 4].map((n) => `${send}:${n}`),
        );
      }
    });
  });

  describe('offsets', () => {
    it('resumes a restarted group member after the committed offset', async () => {
      const topic = await newTopic(1);
      await producer.send(
        Array.from({ length: 10 }, (_, n) => ({ topic, key: 'k', value: `m${n}`, headers: {} })),
      );
      const groupId = uniqueName('group');

      const first = new RecordingListener();
      const consumer = await startConsumer(topic, first, { groupId });
      await eventually('all ten messages', () => first.messages.length >= 10);
      await consumer.commit([{ topic, partition: 0, offset: '6' }]);
      expect(await admin.groupOffsets(groupId, topic)).toEqual([{ topic, partition: 0, offset: '6' }]);
      await consumer.stop();

      const second = new RecordingListener();
      await startConsumer(topic, second, { groupId });
      await eventually('the four uncommitted messages', () => second.messages.length >= 4);
      expect(second.messages.map(({ offset }) => offset)).toEqual(['6', '7', '8', '9']);
    });

    it("sets a group's offsets, and the group's next member starts there", async () => {
      const topic = await newTopic(2);
      for (let n = 0; n < 10; n++) await sendTo(topic, 2, 0, `p0-${n}`);
      for (let n = 0; n < 4; n++) await sendTo(topic, 2, 1, `p1-${n}`);
      const groupId = uniqueName('group');

      await admin.setGroupOffsets(groupId, [
        { topic, partition: 0, offset: '7' },
        { topic, partition: 1, offset: '4' },
      ]);
      expect(await admin.groupOffsets(groupId, topic)).toEqual([
        { topic, partition: 0, offset: '7' },
        { topic, partition: 1, offset: '4' },
      ]);

      const listener = new RecordingListener();
      await startConsumer(topic, listener, { groupId });
      await sendTo(topic, 2, 1, 'p1-4');
      await eventually(
        'three of partition 0 and the new one of partition 1',
        () => listener.messages.length >= 4,
      );
      expect(listener.valuesOf(0)).toEqual(['p0-7', 'p0-8', 'p0-9']);
      expect(listener.valuesOf(1)).toEqual(['p1-4']);
    });
  });

  describe('flow control', () => {
    it('pause holds back one partition while the others flow, and resume lets it go on', async () => {
      const topic = await newTopic(3);
      const listener = new RecordingListener();
      const consumer = await startConsumer(topic, listener);
      await eventually('the assignment', () => listener.owned.length === 3);

      consumer.pause([{ topic, partition: 0 }]);
      await sendTo(topic, 3, 0, 'p0-a');
      await sendTo(topic, 3, 1, 'p1-a');
      await sendTo(topic, 3, 2, 'p2-a');
      await eventually(
        'partitions 1 and 2',
        () => listener.valuesOf(1).length === 1 && listener.valuesOf(2).length === 1,
      );
      await sendTo(topic, 3, 1, 'p1-b');
      await eventually('a later message of partition 1', () => listener.valuesOf(1).length === 2);
      expect(listener.valuesOf(0)).toEqual([]);

      consumer.resume([{ topic, partition: 0 }]);
      await eventually('partition 0 after resume', () => listener.valuesOf(0).length === 1);
      expect(listener.valuesOf(0)).toEqual(['p0-a']);
    });

    it('gives a partition nothing more while the listener holds its batch, and keeps the others flowing', async () => {
      const topic = await newTopic(2);
      const listener = new RecordingListener();
      const held = listener.hold({ topic, partition: 0 });
      await startConsumer(topic, listener);
      await eventually('the assignment', () => listener.owned.length === 2);

      await sendTo(topic, 2, 0, 'p0-a');
      await eventually('the held batch of partition 0', () => listener.valuesOf(0).length === 1);
      await sendTo(topic, 2, 0, 'p0-b');
      await sendTo(topic, 2, 1, 'p1-a');
      await eventually('partition 1 while partition 0 is held', () => listener.valuesOf(1).length === 1);
      await sendTo(topic, 2, 1, 'p1-b');
      await eventually('more of partition 1', () => listener.valuesOf(1).length === 2);
      expect(listener.valuesOf(0)).toEqual(['p0-a']);

      held.release();
      await eventually('partition 0 once released', () => listener.valuesOf(0).length === 2);
      expect(listener.valuesOf(0)).toEqual(['p0-a', 'p0-b']);
    });

    it('long-polls when there is nothing to read, rather than fetching in a loop', async () => {
      const topic = await newTopic(1);
      const listener = new RecordingListener();
      await startConsumer(topic, listener, { maxWaitMs: 1_000 });
      await eventually('the assignment', () => listener.owned.length === 1);
      const atStart = fetches;
      await eventually('a first fetch', () => fetches > atStart);

      const before = fetches;
      await sleep(4_000);
      const idleFetches = fetches - before;
      // With a 1 s long poll that is about 4; a consumer polling in a loop would make hundreds.
      expect(idleFetches).toBeGreaterThanOrEqual(1);
      expect(idleFetches).toBeLessThanOrEqual(12);
    });

    // kafkajs cannot hold its fetch loop back, so only this adapter paces.
    if (adapterName === '@platformatic/kafka') {
      it('waits fetchPacingMs after a fetch that brought records, so a steady trickle comes in few fetches', async () => {
        const topic = await newTopic(1);
        const listener = new RecordingListener();
        await startConsumer(topic, listener, { fetchPacingMs: 200 });
        await eventually('the assignment', () => listener.owned.length === 1);
        await sendTo(topic, 1, 0, 'first');
        await eventually('the first message', () => listener.messages.length === 1);

        const before = fetches;
        const values = Array.from({ length: 100 }, (_, index) => `trickle-${index}`);
        for (const value of values) {
          await sendTo(topic, 1, 0, value);
          await sleep(10);
        }
        await eventually('every message', () => listener.messages.length === 101);
        // The sends take over a second. Unpaced, nearly every send ends a long poll: about 100
        // fetches. Paced, about one every 200 ms.
        expect(fetches - before).toBeLessThanOrEqual(30);
        expect(listener.valuesOf(0)).toEqual(['first', ...values]);
      });
    }
  });

  describe('group membership', () => {
    it('splits partitions between two members of one group, each getting only its own', async () => {
      const topic = await newTopic(4);
      const groupId = uniqueName('group');
      const first = new RecordingListener();
      const second = new RecordingListener();

      await startConsumer(topic, first, { groupId });
      await eventually('the first member owning every partition', () => first.owned.length === 4);
      const secondMember = await startConsumer(topic, second, { groupId });
      await eventually(
        'the members to split the partitions',
        () =>
          first.owned.length > 0 && second.owned.length > 0 && first.owned.length + second.owned.length === 4,
        60_000,
      );
      expect([...first.owned, ...second.owned].sort()).toEqual([0, 1, 2, 3]);
      expect(first.revoked).toEqual(second.owned);

      for (let partition = 0; partition < 4; partition++) await sendTo(topic, 4, partition, `p${partition}`);
      await eventually('all four messages', () => first.messages.length + second.messages.length >= 4);
      expect(first.messages.map(({ partition }) => partition).sort()).toEqual(first.owned);
      expect(second.messages.map(({ partition }) => partition).sort()).toEqual(second.owned);

      const ownedBySecond = second.owned;
      await secondMember.stop();
      expect(second.revoked).toEqual(ownedBySecond);
      await eventually(
        'the first member owning every partition again',
        () => first.owned.length === 4,
        60_000,
      );
    });

    it('on stop, revokes before leaving so the listener can still commit, and leaves the group Empty', async () => {
      const topic = await newTopic(2);
      for (let n = 0; n < 3; n++) await sendTo(topic, 2, 0, `m${n}`);
      const groupId = uniqueName('group');
      const listener = new RecordingListener();
      const consumer = await startConsumer(topic, listener, { groupId });
      listener.whileRevoking = () => consumer.commit([{ topic, partition: 0, offset: '3' }]);
      await eventually('three messages', () => listener.messages.length >= 3);
      expect(await admin.describeGroup(groupId)).toEqual({ groupId, state: 'Stable', members: 1 });

      await consumer.stop();

      expect(listener.revoked).toEqual([0, 1]);
      expect(await admin.groupOffsets(groupId, topic)).toEqual([{ topic, partition: 0, offset: '3' }]);
      expect(await admin.describeGroup(groupId)).toEqual({ groupId, state: 'Empty', members: 0 });
    });
  });

  describe('admin', () => {
    it('finds offsets by timestamp, the end offset where nothing is that recent, and the earliest and latest', async () => {
      const topic = await newTopic(2);
      const key = keyOnPartition(1, 2);
      await producer.send([1, 2, 3].map((n) => ({ topic, key, value: `old-${n}`, headers: {} })));
      await sleep(20);
      const cut = Date.now();
      await sleep(20);
      await producer.send([1, 2].map((n) => ({ topic, key, value: `new-${n}`, headers: {} })));

      const at = (offset0: string, offset1: string) => [
        { topic, partition: 0, offset: offset0 },
        { topic, partition: 1, offset: offset1 },
      ];
      expect(await admin.offsetsForTimestamp(topic, cut)).toEqual(at('0', '3'));
      expect(await admin.offsetsForTimestamp(topic, 0)).toEqual(at('0', '0'));
      expect(await admin.offsetsForTimestamp(topic, Date.now() + 3_600_000)).toEqual(at('0', '5'));
      expect(await admin.earliestOffsets(topic)).toEqual(at('0', '0'));
      expect(await admin.latestOffsets(topic)).toEqual(at('0', '5'));
    });

    it('creates topics with their partitions and config, creating one twice is no error, and lists them', async () => {
      const topic = uniqueName('topic');
      await admin.createTopics([{ topic, partitions: 3, config: { 'retention.ms': '3600000' } }]);
      await admin.createTopics([{ topic, partitions: 3 }]);

      expect(await admin.partitionCount(topic)).toBe(3);
      const topics = await admin.listTopics();
      expect(topics).toContain(topic);
      expect(topics).not.toContain('__consumer_offsets');
      expect(await topicConfig(topic, 'retention.ms')).toBe('3600000');
    });

    it('describes a group nobody ever joined as Dead, with no members', async () => {
      const groupId = uniqueName('group');
      expect(await admin.describeGroup(groupId)).toEqual({ groupId, state: 'Dead', members: 0 });
    });
  });
});

describe('partitioning across adapters', () => {
  const clients = adapters.map(([, createClient]) => createClient({ brokers }));
  // Kafka's own murmur2 test vectors (UtilsTest.testMurmur2), as the Java client hashes them.
  const javaHashes: Record<string, number> = {
    '21': -973932308,
    foobar: -790332482,
    'a-little-bit-long-string': -985981536,
    'a-little-bit-longer-string': -1486304829,
    lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8: -58897971,
    abc: 479470107,
  };

  it('puts a key on the same partition whichever adapter produces it, as the Java client does', async () => {
    const partitions = 10;
    const topic = uniqueName('keys');
    const keys = [...Object.keys(javaHashes), ...Array.from({ length: 40 }, (_, n) => `module-${n}`)];
    const admin = await clients[0]!.createAdmin({ clientId: 'adapter-test-admin' });
    await admin.createTopics([{ topic, partitions }]);
    await admin.close();

    for (const client of clients) {
      const producer = await client.createProducer({ clientId: 'adapter-test-producer' });
      await producer.send(keys.map((key) => ({ topic, key, value: client.name, headers: {} })));
      await producer.close();
    }

    const listener = new RecordingListener();
    const consumer = await clients[0]!.createConsumer({
      clientId: 'adapter-test-consumer',
      groupId: uniqueName('group'),
      topics: [topic],
      fromBeginning: true,
      maxWaitMs: 1_000,
    });
    try {
      await consumer.start(listener);
      await eventually(
        'every key from every adapter',
        () => listener.messages.length >= keys.length * clients.length,
      );
    } finally {
      await consumer.stop();
    }

    for (const key of keys) {
      const landedOn = listener.messages
        .filter((message) => message.key?.toString() === key)
        .map((message) => ({ producer: message.value?.toString(), partition: message.partition }));
      const javaHash = javaHashes[key];
      const expected =
        javaHash === undefined ? javaPartition(key, partitions) : (javaHash & 0x7fffffff) % partitions;
      expect(landedOn).toEqual(clients.map(({ name }) => ({ producer: name, partition: expected })));
    }
  });
});

async function topicConfig(topic: string, name: string): Promise<string | undefined> {
  const admin = new Kafka({ clientId: 'adapter-test-config', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: [name] }],
    });
    return resources[0]?.configEntries.find((entry) => entry.configName === name)?.configValue;
  } finally {
    await admin.disconnect();
  }
}
