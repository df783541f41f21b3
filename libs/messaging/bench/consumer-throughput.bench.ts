// Drains one backlog with three consumers, in one run, on the real broker: this runtime (on both
// Kafka adapters), Nest's built-in Kafka transport, and plain kafkajs `eachMessage`. The handler
// waits ~2 ms, like a small database write. Prints messages per second, the time from when a
// message was there for the consumer (produced, or the consumer started, whichever is later) to
// its commit (p50/p99: how long the backlog takes to clear), and whether per-key order held.
// Needs ./platform stack up.
//
//   node --import tsx libs/messaging/bench/consumer-throughput.bench.ts [messages] [keys] [handlerMs] [variants]
//   (TSX_TSCONFIG_PATH=tsconfig.base.json; variants: comma-separated, default all)
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  Ctx,
  EventPattern,
  KafkaContext,
  Payload,
  Transport,
  type MicroserviceOptions,
} from '@nestjs/microservices';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { readStackEndpoints } from '@platform/stack-endpoints';
import { KeyOrderedConsumer } from '../src/consumer/key-ordered-consumer';
import { createMessage, toOutboundMessage } from '../src/envelope/outgoing-message';
import { decodeMessage } from '../src/envelope/incoming-message';
import { createKafkaClient, type KafkaClientKind } from '../src/kafka-client.factory';

const [messages = 100_000, keys = 1000, handlerMs = 2] = process.argv.slice(2, 5).map(Number);
const variants = (
  process.argv[5] ?? 'runtime-platformatic,runtime-kafkajs,nest-transport,kafkajs-eachMessage'
).split(',');
const { brokers } = readStackEndpoints().kafka;
const topic = `bench.consumers-${randomUUID().slice(0, 8)}`;

/** What one variant saw: per message the produce time, per key the order of sequence numbers. */
class Tally {
  readonly producedAt = new Map<string, number>(); // "partition:offset" -> record timestamp
  readonly committedAt: number[] = [];
  readonly lastSeqByKey = new Map<string, number>();
  orderBroken = 0;
  handled = 0;
  private readonly committed = new Map<number, bigint>();

  /** The backlog was produced before this consumer started; count from its start. */
  constructor(private readonly startedAt: number) {}

  handle(key: string, seq: number, partition: number, offset: string, timestamp: number): void {
    this.handled += 1;
    this.producedAt.set(`${partition}:${offset}`, timestamp);
    const last = this.lastSeqByKey.get(key);
    if (last !== undefined && seq < last) this.orderBroken += 1;
    this.lastSeqByKey.set(key, seq);
  }

  commit(partition: number, nextOffset: string): void {
    const now = Date.now();
    const from = this.committed.get(partition) ?? 0n;
    const to = BigInt(nextOffset);
    for (let offset = from; offset < to; offset++) {
      const producedAt = this.producedAt.get(`${partition}:${offset}`);
      if (producedAt !== undefined) this.committedAt.push(now - Math.max(producedAt, this.startedAt));
    }
    if (to > from) this.committed.set(partition, to);
  }

  get allCommitted(): boolean {
    return this.committedAt.length >= messages;
  }
}

const parse = (value: Buffer | null) =>
  JSON.parse(value?.toString() ?? '{}') as { moduleId: string; registrationId: string };
const seqOf = (registrationId: string) => Number(registrationId.split('-').pop());

async function produceBacklog(): Promise<void> {
  const client = createKafkaClient('platformatic', { brokers });
  const admin = await client.createAdmin({ clientId: 'bench' });
  await admin.createTopics([{ topic, partitions: 10 }]);
  await admin.close();
  const producer = await client.createProducer({ clientId: 'bench' });
  const started = Date.now();
  for (let start = 0; start < messages; start += 1000) {
    const batch = Array.from({ length: Math.min(1000, messages - start) }, (_, n) => {
      const seq = start + n;
      const outbound = toOutboundMessage(
        createMessage('saga-coordinator', 'ReserveSeat', {
          registrationId: `reg-${seq}`,
          moduleId: `module-${seq % keys}`,
          studentId: 'stu-1',
        }),
      );
      return { ...outbound, topic };
    });
    await producer.send(batch);
  }
  await producer.close();
  console.log(
    `produced ${messages} messages over ${keys} keys to ${topic} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

async function runRuntime(kind: KafkaClientKind, tally: Tally): Promise<() => Promise<void>> {
  const client = createKafkaClient(kind, { brokers });
  const groupId = `${topic}.runtime-${kind}`;
  const consumer = new KeyOrderedConsumer({
    port: await client.createConsumer({
      clientId: groupId,
      groupId,
      topics: [topic],
      fromBeginning: true,
      maxWaitMs: 100,
    }),
    deadLetterProducer: await client.createProducer({ clientId: groupId }),
    groupId,
    deadLetterTopic: `${topic}.dlq`,
    decode: decodeMessage,
    process: async (decoded, { message }) => {
      await sleep(handlerMs);
      const data = decoded.data as { moduleId: string; registrationId: string };
      tally.handle(
        data.moduleId,
        seqOf(data.registrationId),
        message.partition,
        message.offset,
        message.timestamp,
      );
    },
    commitIntervalMs: 100,
    observer: { onCommitted: ({ offsets }) => offsets.forEach((o) => tally.commit(o.partition, o.offset)) },
  });
  await consumer.start();
  return () => consumer.stop();
}

function trackCommits(consumer: Consumer, tally: Tally): void {
  consumer.on(consumer.events.COMMIT_OFFSETS, ({ payload }) => {
    for (const t of payload.topics) for (const p of t.partitions) tally.commit(Number(p.partition), p.offset);
  });
}

async function runPlainKafkajs(tally: Tally): Promise<() => Promise<void>> {
  const consumer = new Kafka({ clientId: 'bench-plain', brokers, logLevel: logLevel.NOTHING }).consumer({
    groupId: `${topic}.kafkajs-plain`,
    maxWaitTimeInMs: 100,
  });
  trackCommits(consumer, tally);
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message, partition }) => {
      await sleep(handlerMs);
      const data = parse(message.value);
      tally.handle(
        data.moduleId,
        seqOf(data.registrationId),
        partition,
        message.offset,
        Number(message.timestamp),
      );
    },
  });
  return () => consumer.disconnect();
}

async function runNestTransport(tally: Tally): Promise<() => Promise<void>> {
  @Controller()
  class BenchController {
    @EventPattern(topic)
    async onMessage(@Payload() payload: unknown, @Ctx() context: unknown): Promise<void> {
      await sleep(handlerMs);
      const data = payload as { moduleId: string; registrationId: string };
      const kafkaContext = context as KafkaContext;
      const message = kafkaContext.getMessage();
      tally.handle(
        data.moduleId,
        seqOf(data.registrationId),
        kafkaContext.getPartition(),
        message.offset,
        Number(message.timestamp),
      );
    }
  }
  @Module({ controllers: [BenchController] })
  class BenchModule {}
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(BenchModule, {
    logger: false,
    transport: Transport.KAFKA,
    options: {
      client: { clientId: 'bench-nest', brokers, logLevel: logLevel.NOTHING },
      consumer: { groupId: `${topic}.nest`, maxWaitTimeInMs: 100 },
      subscribe: { fromBeginning: true },
    },
  });
  await app.listen();
  const [, consumer] = app.unwrap<[Kafka, Consumer]>();
  trackCommits(consumer, tally);
  return () => app.close();
}

async function measure(name: string, start: (tally: Tally) => Promise<() => Promise<void>>): Promise<void> {
  const started = Date.now();
  const tally = new Tally(started);
  const stop = await start(tally);
  const deadline = started + 20 * 60_000;
  while (!tally.allCommitted && Date.now() < deadline) await sleep(100);
  const seconds = (Date.now() - started) / 1000;
  await stop();
  const latencies = tally.committedAt.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  console.log(
    `${name.padEnd(26)}${(tally.committedAt.length / seconds).toFixed(0).padStart(9)}${String(at(0.5)).padStart(10)}` +
      `${String(at(0.99)).padStart(10)}${String(tally.committedAt.length).padStart(11)}   ${tally.orderBroken === 0 ? 'held' : `BROKEN ${tally.orderBroken}x`}`,
  );
}

async function main(): Promise<void> {
  await produceBacklog();
  console.log(`\nhandler ~${handlerMs} ms; each consumer drains the whole backlog with a group of its own\n`);
  console.log('consumer                      msg/s    p50 ms    p99 ms  committed   per-key order');
  console.log('                                     (from consumer start or produce to commit)');
  const runs: Record<string, (tally: Tally) => Promise<() => Promise<void>>> = {
    'runtime-platformatic': (tally) => runRuntime('platformatic', tally),
    'runtime-kafkajs': (tally) => runRuntime('kafkajs', tally),
    'nest-transport': runNestTransport,
    'kafkajs-eachMessage': runPlainKafkajs,
  };
  for (const variant of variants) await measure(variant, runs[variant]!);
  console.log(`\nRSS at the end: ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB`);
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(error);
    process.exit(1);
  },
);
