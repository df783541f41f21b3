import { randomUUID } from 'node:crypto';
import { readStackEndpoints } from '@platform/stack-endpoints';
import { createMessage, toOutboundMessage } from '../../src/envelope/outgoing-message';
import { decodeMessage, type DecodedMessage } from '../../src/envelope/incoming-message';
import { KeyOrderedConsumer } from '../../src/consumer/key-ordered-consumer';
import type { KeyOrderedConsumerOptions } from '../../src/consumer/consumer-options';
import { createKafkaClient, type KafkaClientKind } from '../../src/kafka-client.factory';
import type {
  AdminPort,
  InboundMessage,
  KafkaClientPort,
  OutboundMessage,
  ProducerPort,
} from '../../src/kafka/kafka-client.port';
import { KafkajsClient } from '../../src/kafka/kafkajs/kafkajs.adapter';

export const { brokers } = readStackEndpoints().kafka;

/** One numbered ReserveSeat command: the key is the module, `seq` rides in the registration id. */
export interface NumberedCommand {
  moduleId: string;
  seq: number;
}

export const seqOf = (decoded: DecodedMessage): number =>
  Number((decoded.data as { registrationId: string }).registrationId.split('-').pop());

/** What a numbered command's effect records: its message id, seq and module (its key). */
export const effectOf = (decoded: DecodedMessage) => ({
  messageId: decoded.envelope.id,
  seq: seqOf(decoded),
  moduleId: (decoded.data as { moduleId: string }).moduleId,
});

/**
 * A real topic, a producer of valid contract messages, and key-ordered consumers on it, for one
 * Kafka client adapter. Each harness uses topics and groups of its own.
 */
export class RuntimeHarness {
  readonly client: KafkaClientPort;
  readonly topic = `test.runtime-${randomUUID().slice(0, 8)}`;
  readonly deadLetterTopic = `${this.topic}.dlq`;
  private admin!: AdminPort;
  private producer!: ProducerPort;
  private readonly consumers: KeyOrderedConsumer<DecodedMessage>[] = [];

  constructor(readonly kind: KafkaClientKind) {
    this.client = createKafkaClient(kind, { brokers });
  }

  async open(partitions = 10): Promise<void> {
    this.admin = await this.client.createAdmin({ clientId: 'runtime-test' });
    await this.admin.createTopics([
      { topic: this.topic, partitions },
      { topic: this.deadLetterTopic, partitions: 1 },
    ]);
    this.producer = await this.client.createProducer({ clientId: 'runtime-test' });
  }

  async stopConsumers(): Promise<void> {
    await Promise.all(this.consumers.splice(0).map((consumer) => consumer.stop().catch(() => undefined)));
  }

  async close(): Promise<void> {
    await this.stopConsumers();
    await this.producer?.close();
    await this.admin?.close();
  }

  adminPort(): AdminPort {
    return this.admin;
  }

  commandMessage({ moduleId, seq }: NumberedCommand): OutboundMessage {
    const message = toOutboundMessage(
      createMessage('saga-coordinator', 'ReserveSeat', {
        registrationId: `reg-${seq}`,
        moduleId,
        studentId: `stu-${seq}`,
      }),
    );
    return { ...message, topic: this.topic };
  }

  async produce(commands: NumberedCommand[]): Promise<void> {
    for (let start = 0; start < commands.length; start += 500) {
      await this.producer.send(
        commands.slice(start, start + 500).map((command) => this.commandMessage(command)),
      );
    }
  }

  async produceRaw(messages: OutboundMessage[]): Promise<void> {
    await this.producer.send(messages.map((message) => ({ ...message, topic: this.topic })));
  }

  async startConsumer(
    groupId: string,
    process: KeyOrderedConsumerOptions<DecodedMessage>['process'],
    options: Partial<KeyOrderedConsumerOptions<DecodedMessage>> = {},
  ): Promise<KeyOrderedConsumer<DecodedMessage>> {
    const port = await this.client.createConsumer({
      clientId: groupId,
      groupId,
      topics: [this.topic],
      fromBeginning: true,
      maxWaitMs: 100,
    });
    const deadLetterProducer = await this.client.createProducer({ clientId: `${groupId}-dlq` });
    const consumer = new KeyOrderedConsumer<DecodedMessage>({
      port,
      deadLetterProducer,
      groupId,
      deadLetterTopic: this.deadLetterTopic,
      decode: decodeMessage,
      process,
      commitIntervalMs: 200,
      retry: { baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 3 },
      ...options,
    });
    const stop = consumer.stop.bind(consumer);
    consumer.stop = async () => {
      await stop();
      await deadLetterProducer.close();
    };
    this.consumers.push(consumer);
    await consumer.start();
    return consumer;
  }

  /** What `groupId` dead-lettered so far (read to the topic's current end). */
  async deadLetters(groupId: string): Promise<InboundMessage[]> {
    const all = await readTopic(this.admin, this.deadLetterTopic);
    return all.filter((message) => message.headers['dlq_consumer_group']?.toString() === groupId);
  }
}

/** Every record of a topic up to its end offsets as they are now, read by a throwaway consumer. */
export async function readTopic(
  admin: AdminPort,
  topic: string,
  timeoutMs = 30_000,
): Promise<InboundMessage[]> {
  const ends = new Map((await admin.latestOffsets(topic)).map((end) => [end.partition, BigInt(end.offset)]));
  const reader = new KafkajsClient({ brokers });
  const port = await reader.createConsumer({
    clientId: 'topic-reader',
    groupId: `reader-${randomUUID()}`,
    topics: [topic],
    fromBeginning: true,
    maxWaitMs: 100,
  });
  const seen: InboundMessage[] = [];
  const next = new Map<number, bigint>();
  await port.start({
    onMessages: async (partition, messages) => {
      seen.push(...messages);
      const last = messages[messages.length - 1];
      if (last) next.set(partition.partition, BigInt(last.offset) + 1n);
    },
    onAssigned: () => undefined,
    onRevoked: async () => undefined,
  });
  const done = () => [...ends].every(([partition, end]) => end === 0n || (next.get(partition) ?? 0n) >= end);
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  await port.stop();
  return seen.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
}

export const headerText = (message: InboundMessage, name: string): string | undefined =>
  message.headers[name]?.toString('utf8');
