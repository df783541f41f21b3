// Throughput of each Kafka client adapter on the real broker, in one run: produce 100,000 small
// messages over 1,000 keys to a fresh 10-partition topic in batch sends, then consume them all
// with a listener that only counts. Each measurement runs in a child process of its own, so its
// peak RSS is its own; the adapters take turns over a few rounds and the median is printed too,
// since the broker shares this machine's CPUs. Needs a running stack: ./platform stack up
//
//   node_modules/.bin/tsx --tsconfig tsconfig.base.json libs/messaging/bench/adapters.bench.ts [messages] [batch] [rounds]
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readStackEndpoints } from '@platform/stack-endpoints';
import type { KafkaClientPort, OutboundMessage } from '../src/kafka/kafka-client.port';
import { KafkajsClient } from '../src/kafka/kafkajs/kafkajs.adapter';
import { PlatformaticKafkaClient } from '../src/kafka/platformatic/platformatic.adapter';

const messageCount = Number(process.argv[2] ?? 100_000);
const batchSize = Number(process.argv[3] ?? 1_000);
const rounds = Number(process.argv[4] ?? 3);
const keyCount = 1_000;
const partitions = 10;

const adapters: Record<string, (brokers: string[]) => KafkaClientPort> = {
  kafkajs: (brokers) => new KafkajsClient({ brokers }),
  platformatic: (brokers) => new PlatformaticKafkaClient({ brokers }),
};

interface Result {
  adapter: string;
  produceRate: number;
  consumeRate: number;
  startRssMb: number;
  peakRssMb: number;
}

async function measure(adapter: string): Promise<Result> {
  const startRssMb = process.memoryUsage.rss() / 1_048_576;
  const client = adapters[adapter]!(readStackEndpoints().kafka.brokers);
  const topic = `bench.adapter-${adapter}-${randomUUID().slice(0, 8)}`;
  const admin = await client.createAdmin({ clientId: 'adapter-bench' });
  await admin.createTopics([{ topic, partitions }]);
  await admin.close();

  const value = JSON.stringify({ moduleId: 'M-000', seatsLeft: 42, at: new Date().toISOString() }).padEnd(
    100,
  );
  const producer = await client.createProducer({ clientId: 'adapter-bench' });
  const produceStart = performance.now();
  for (let sent = 0; sent < messageCount; sent += batchSize) {
    const batch: OutboundMessage[] = [];
    for (let n = sent; n < Math.min(sent + batchSize, messageCount); n++) {
      batch.push({ topic, key: `module-${n % keyCount}`, value, headers: { ce_type: 'SeatsChanged' } });
    }
    await producer.send(batch);
  }
  const produceSeconds = (performance.now() - produceStart) / 1_000;
  await producer.close();

  let received = 0;
  let allReceived = (): void => undefined;
  const done = new Promise<void>((resolve) => (allReceived = resolve));
  const consumer = await client.createConsumer({
    clientId: 'adapter-bench',
    groupId: topic,
    topics: [topic],
    fromBeginning: true,
    maxWaitMs: 500,
  });
  await consumer.start({
    onMessages: async (_partition, messages) => {
      received += messages.length;
      if (received >= messageCount) allReceived();
    },
    onAssigned: () => undefined,
    onRevoked: async () => undefined,
  });
  // Timed from the group join (start resolves once partitions are assigned) to the last message.
  const consumeStart = performance.now();
  await done;
  const consumeSeconds = (performance.now() - consumeStart) / 1_000;
  await consumer.stop();

  return {
    adapter,
    produceRate: messageCount / produceSeconds,
    consumeRate: messageCount / consumeSeconds,
    startRssMb,
    peakRssMb: process.resourceUsage().maxRSS / 1_024,
  };
}

function runInChild(adapter: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = fork(
      process.argv[1]!,
      [String(messageCount), String(batchSize), '1', '--adapter', adapter],
      {
        // kafkajs sets negative timers on Node 24; the warning says nothing about throughput.
        execArgv: [...process.execArgv, '--disable-warning=TimeoutNegativeWarning'],
      },
    );
    child.once('message', (result) => resolve(result as Result));
    child.once('exit', (code) =>
      code === 0 ? undefined : reject(new Error(`${adapter} bench exited with ${code}`)),
    );
  });
}

function print(results: Result[]): void {
  const whole = (value: number): string => Math.round(value).toLocaleString('en-US');
  const row = (label: string, produce: number, consume: number, startRss: number, peakRss: number): string =>
    `${label.padEnd(24)} ${whole(produce).padStart(13)}   ${whole(consume).padStart(13)}   ` +
    `${whole(startRss).padStart(12)}   ${whole(peakRss).padStart(11)}`;
  console.log(
    `\n${messageCount.toLocaleString('en-US')} messages of ~100 bytes, ${keyCount} keys, ${partitions} partitions, ` +
      `sends of ${batchSize}, ${rounds} rounds; Node ${process.version}\n`,
  );
  console.log('adapter (round)          produce msg/s   consume msg/s   start RSS MB   peak RSS MB');
  results.forEach((result, index) =>
    console.log(
      row(
        `${result.adapter} (${Math.floor(index / Object.keys(adapters).length) + 1})`,
        result.produceRate,
        result.consumeRate,
        result.startRssMb,
        result.peakRssMb,
      ),
    ),
  );
  for (const adapter of Object.keys(adapters)) {
    const ofAdapter = results.filter((result) => result.adapter === adapter);
    const median = (pick: (result: Result) => number): number => {
      const sorted = ofAdapter.map(pick).sort((a, b) => a - b);
      return sorted[Math.floor(sorted.length / 2)]!;
    };
    console.log(
      row(
        `${adapter} (median)`,
        median((r) => r.produceRate),
        median((r) => r.consumeRate),
        median((r) => r.startRssMb),
        median((r) => r.peakRssMb),
      ),
    );
  }
}

async function main(): Promise<void> {
  const childAdapter = process.argv[process.argv.indexOf('--adapter') + 1];
  if (process.argv.includes('--adapter') && childAdapter) {
    process.send?.(await measure(childAdapter));
    return;
  }
  const results: Result[] = [];
  const names = Object.keys(adapters);
  for (let round = 0; round < rounds; round++) {
    // Take turns going first, so neither adapter always meets a broker still busy with the other's run.
    const order = round % 2 === 0 ? names : [...names].reverse();
    const ofRound = new Map<string, Result>();
    for (const adapter of order) ofRound.set(adapter, await runInChild(adapter));
    for (const adapter of names) results.push(ofRound.get(adapter)!);
  }
  print(results);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
