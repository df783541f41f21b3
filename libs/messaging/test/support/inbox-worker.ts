// A consumer process for the crash test: applies each message through the inbox and group commit,
// slowly, and commits offsets rarely, so a SIGKILL lands with handled-but-uncommitted messages and
// with a group commit under way.
//   tsx inbox-worker.ts <client> <topic> <group>
import { setTimeout as sleep } from 'node:timers/promises';
import { KeyOrderedConsumer } from '../../src/consumer/key-ordered-consumer';
import { decodeMessage } from '../../src/envelope/incoming-message';
import { createKafkaClient, type KafkaClientKind } from '../../src/kafka-client.factory';
import { EffectsStore } from './effects-store';
import { brokers, effectOf } from './runtime-harness';

async function main(): Promise<void> {
  const [kind, topic, groupId] = process.argv.slice(2) as [KafkaClientKind, string, string];
  const client = createKafkaClient(kind, { brokers });
  const store = new EffectsStore();
  const consumer = new KeyOrderedConsumer({
    port: await client.createConsumer({
      clientId: groupId,
      groupId,
      topics: [topic],
      fromBeginning: true,
      maxWaitMs: 100,
    }),
    deadLetterProducer: await client.createProducer({ clientId: `${groupId}-dlq` }),
    groupId,
    deadLetterTopic: `${topic}.dlq`,
    decode: decodeMessage,
    process: async (decoded) => {
      await sleep(3);
      await store.apply(groupId, effectOf(decoded));
    },
    commitIntervalMs: 60_000,
  });
  await consumer.start();
  process.stdout.write('started\n');
}

void main();
