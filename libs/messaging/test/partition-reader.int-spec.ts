import { randomUUID } from 'node:crypto';
import { Admin } from '@platformatic/kafka';
import { readStackEndpoints } from '@platform/stack-endpoints';
import type { AdminPort, InboundMessage, ProducerPort } from '../src/kafka/kafka-client.port';
import { PlatformaticKafkaClient } from '../src/kafka/platformatic/platformatic.adapter';
import { OffsetOutOfRangeError } from '../src/partition-reader/partition-reader.port';
import { PlatformaticPartitionReader } from '../src/partition-reader/platformatic.partition-reader';
import { javaPartition } from './support/java-partitioner';

// History without a consumer group, on the real broker: a topic of its own per run.
const { brokers } = readStackEndpoints().kafka;
jest.setTimeout(60_000);

describe(PlatformaticPartitionReader.name, () => {
  const topic = `test.partition-reader-${randomUUID().slice(0, 8)}`;
  const client = new PlatformaticKafkaClient({ brokers });
  const reader = new PlatformaticPartitionReader({
    clientId: `test-reader-${randomUUID().slice(0, 8)}`,
    brokers,
  });
  let admin: AdminPort;
  let producer: ProducerPort;

  const readAll = async (partition: number, from: string, until: string): Promise<InboundMessage[]> => {
    const records: InboundMessage[] = [];
    await reader.read({ topic, partition }, { from, until }, (batch) => void records.push(...batch));
    return records;
  };

  beforeAll(async () => {
    admin = await client.createAdmin({ clientId: 'test-reader-admin' });
    await admin.createTopics([{ topic, partitions: 3 }]);
    producer = await client.createProducer({ clientId: 'test-reader-producer' });
    // Several sends, so the records span several batches.
    for (let n = 0; n < 12; n += 1) {
      await producer.send([{ topic, key: `k-${n % 4}`, value: `v-${n}`, headers: { n: String(n) } }]);
    }
  });

  afterAll(async () => {
    await reader.close();
    await producer.close();
    await admin.close();
  });

  it('puts keys where the Java partitioner does and knows the topic id', async () => {
    expect(await reader.partitionCount(topic)).toBe(3);
    for (const key of ['k-0', 'k-1', 'k-2', 'k-3', 'module:CS101'])
      expect(await reader.partitionOf(topic, key)).toBe(javaPartition(key, 3));
    expect(await reader.topicId(topic)).toMatch(/\S{10,}/);
  });

  it('reads a range of one partition in offset order, with keys, values and headers', async () => {
    const partition = await reader.partitionOf(topic, 'k-1');
    const { start, end } = await reader.bounds({ topic, partition });
    expect(start).toBe('0');
    const all = await readAll(partition, start, end);
    expect(all.map((m) => m.offset)).toEqual(Array.from({ length: Number(end) }, (_, n) => String(n)));
    const ofK1 = all.filter((m) => m.key?.toString() === 'k-1');
    expect(ofK1.map((m) => m.value?.toString())).toEqual(['v-1', 'v-5', 'v-9']);
    expect(ofK1[0]!.headers['n']?.toString()).toBe('1');

    const middle = await readAll(partition, '1', String(Number(end) - 1));
    expect(middle.map((m) => m.offset)).toEqual(all.slice(1, -1).map((m) => m.offset));
    expect(await readAll(partition, end, end)).toEqual([]);
  });

  it('says when the records asked for were deleted', async () => {
    const partition = await reader.partitionOf(topic, 'k-2');
    const { end } = await reader.bounds({ topic, partition });
    const raw = new Admin({ clientId: 'test-reader-delete', bootstrapBrokers: brokers });
    try {
      await raw.deleteRecords({ topics: [{ name: topic, partitions: [{ partition, offset: 2n }] }] });
    } finally {
      await raw.close();
    }
    expect(await reader.bounds({ topic, partition })).toEqual({ start: '2', end });
    await expect(readAll(partition, '0', end)).rejects.toBeInstanceOf(OffsetOutOfRangeError);
    expect((await readAll(partition, '2', end)).length).toBe(Number(end) - 2);
  });
});
