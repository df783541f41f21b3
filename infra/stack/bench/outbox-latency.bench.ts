// Measures the time from an outbox row's COMMIT to the moment a kafkajs consumer receives the
// record Debezium made of it, beside a baseline of plain produce-to-consume on the same broker,
// in one run. Needs a running stack: ./platform stack up
//
//   node_modules/.bin/tsx --tsconfig tsconfig.base.json infra/stack/bench/outbox-latency.bench.ts [rows] [gapMs]
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { Client } from 'pg';
import { readStackEndpoints } from '@platform/stack-endpoints';
import { addTestConnectors } from '../src/provisioning/test-connectors';
import { loadStackConfig } from '../src/stack.config';

const rows = Number(process.argv[2] ?? 300);
const gapMs = Number(process.argv[3] ?? 20);
const endpoints = readStackEndpoints();
const kafka = new Kafka({
  clientId: 'outbox-latency-bench',
  brokers: endpoints.kafka.brokers,
  logLevel: logLevel.NOTHING,
});

interface Sample {
  sentAt: number;
  receivedAt?: number;
}

async function main(): Promise<void> {
  await addTestConnectors(loadStackConfig());
  const admin = kafka.admin();
  await admin.connect();
  const outboxTopic = `smoke.bench-outbox-${randomUUID().slice(0, 8)}`;
  const directTopic = `smoke.bench-direct-${randomUUID().slice(0, 8)}`;
  await admin.createTopics({
    waitForLeaders: true,
    topics: [outboxTopic, directTopic].map((topic) => ({ topic, numPartitions: 10 })),
  });
  try {
    const direct = await measureDirect(directTopic);
    const outbox = await measureOutbox(outboxTopic);
    console.log(`\n${rows} messages, one every ${gapMs} ms, 10 partitions, keys spread over 50 modules\n`);
    console.log('path                                         p50 ms   p99 ms   max ms   received');
    print('kafkajs produce -> consume (baseline)', direct);
    print('outbox COMMIT -> Debezium -> Kafka -> consume', outbox);
  } finally {
    await admin.deleteTopics({ topics: [outboxTopic, directTopic] }).catch(() => undefined);
    await admin.disconnect();
  }
}

async function measureDirect(topic: string): Promise<Map<string, Sample>> {
  const samples = new Map<string, Sample>();
  const consumer = await startConsumer(topic, samples, (message) => message.key);
  const producer = kafka.producer({ idempotent: true });
  await producer.connect();
  for (let n = 0; n < rows; n++) {
    const id = randomUUID();
    samples.set(id, { sentAt: Date.now() });
    await producer.send({ topic, acks: -1, messages: [{ key: id, value: JSON.stringify({ n }) }] });
    await sleep(gapMs);
  }
  await waitForAll(samples);
  await producer.disconnect();
  await consumer.disconnect();
  return samples;
}

async function measureOutbox(topic: string): Promise<Map<string, Sample>> {
  const samples = new Map<string, Sample>();
  const consumer = await startConsumer(topic, samples, (message) => message.headers['ce_id']);
  const db = new Client({ ...endpoints.postgres, user: 'smoke', password: 'smoke', database: 'smoke' });
  await db.connect();
  for (let n = 0; n < rows; n++) {
    const id = randomUUID();
    await db.query(
      `INSERT INTO public.outbox (id, aggregatetype, aggregateid, type, payload, ce_source)
       VALUES ($1, $2, $3, 'BenchmarkRan', $4, '/bench/outbox-latency')`,
      [id, topic, `module-${n % 50}`, Buffer.from(JSON.stringify({ n }))],
    );
    samples.set(id, { sentAt: Date.now() });
    await sleep(gapMs);
  }
  await waitForAll(samples);
  await db.end();
  await consumer.disconnect();
  return samples;
}

async function startConsumer(
  topic: string,
  samples: Map<string, Sample>,
  idOf: (message: { key: string; headers: Record<string, string> }) => string | undefined,
): Promise<Consumer> {
  const consumer = kafka.consumer({ groupId: `${topic}-bench`, maxWaitTimeInMs: 50 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    partitionsConsumedConcurrently: 10,
    eachMessage: async ({ message }) => {
      const receivedAt = Date.now();
      const headers = Object.fromEntries(
        Object.entries(message.headers ?? {}).map(([name, value]) => [name, value?.toString() ?? '']),
      );
      const sample = samples.get(idOf({ key: message.key?.toString() ?? '', headers }) ?? '');
      if (sample && sample.receivedAt === undefined) sample.receivedAt = receivedAt;
    },
  });
  // Let the group settle before timing starts.
  await sleep(3000);
  return consumer;
}

async function waitForAll(samples: Map<string, Sample>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && [...samples.values()].some((s) => s.receivedAt === undefined))
    await sleep(50);
}

function print(label: string, samples: Map<string, Sample>): void {
  const latencies = [...samples.values()]
    .filter((s) => s.receivedAt !== undefined)
    .map((s) => s.receivedAt! - s.sentAt)
    .sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  console.log(
    `${label.padEnd(45)}${String(at(0.5)).padStart(7)}${String(at(0.99)).padStart(9)}${String(at(1)).padStart(9)}   ${latencies.length}/${samples.size}`,
  );
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
