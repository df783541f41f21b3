import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readStackEndpoints } from '@platform/stack-endpoints';
import { eventually } from '@platform/testing';
import type { KafkaClientOptions, KafkaSaslMechanism } from '../src/kafka/kafka-client.options';
import type { ConsumerPort, KafkaClientPort } from '../src/kafka/kafka-client.port';
import { KafkaAuthenticationError } from '../src/kafka/kafka-connection';
import { KafkajsClient } from '../src/kafka/kafkajs/kafkajs.adapter';
import { PlatformaticKafkaClient } from '../src/kafka/platformatic/platformatic.adapter';
import { PlatformaticPartitionReader } from '../src/partition-reader/platformatic.partition-reader';
import { RecordingListener } from './support/recording-listener';

// Both adapters against the native stack's SASL_PLAINTEXT listener, signed in as the SCRAM user
// the stack keeps for this (its password is in the stack's state folder, like the broker's data).
const { host, saslPort } = readStackEndpoints().kafka;
const brokers = [`${host}:${saslPort}`];
const credentialsFile = resolve(
  process.env.STACK_HOME ?? resolve(__dirname, '../../../.stack'),
  'kafka/sasl-credentials.json',
);
const credentials = readCredentials();

jest.setTimeout(60_000);

type ClientFactory = (options: KafkaClientOptions) => KafkaClientPort;

const adapters: [string, ClientFactory][] = [
  ['kafkajs', (options) => new KafkajsClient(options)],
  ['@platformatic/kafka', (options) => new PlatformaticKafkaClient(options)],
];
const mechanisms: KafkaSaslMechanism[] = ['scram-sha-512', 'scram-sha-256'];

const uniqueName = (kind: string): string => `test.sasl-${kind}-${randomUUID().slice(0, 8)}`;

describe.each(adapters)('Kafka adapter %s over SASL', (_name, createClient) => {
  const consumers: ConsumerPort[] = [];
  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((consumer) => consumer.stop().catch(() => undefined)));
  });

  it.each(mechanisms)('produces and consumes, signed in with %s', async (mechanism) => {
    const client = createClient({ brokers, sasl: { mechanism, ...credentials } });
    const admin = await client.createAdmin({ clientId: 'sasl-test-admin' });
    const producer = await client.createProducer({ clientId: 'sasl-test-producer' });
    try {
      const topic = uniqueName('topic');
      await admin.createTopics([{ topic, partitions: 1 }]);
      const listener = new RecordingListener();
      const consumer = await client.createConsumer({
        clientId: 'sasl-test-consumer',
        groupId: uniqueName('group'),
        topics: [topic],
        fromBeginning: true,
        maxWaitMs: 500,
        sessionTimeoutMs: 10_000,
      });
      consumers.push(consumer);
      await consumer.start(listener);

      await producer.send([
        { topic, key: 'k', value: `signed in with ${mechanism}`, headers: { via: 'sasl' } },
      ]);

      const received = await eventually('the message', () => listener.messages[0], 30_000);
      expect({ value: received.value?.toString(), via: received.headers.via?.toString() }).toEqual({
        value: `signed in with ${mechanism}`,
        via: 'sasl',
      });
    } finally {
      await producer.close();
      await admin.close();
    }
  });

  describe('with a wrong password', () => {
    const client = createClient({
      brokers,
      sasl: { mechanism: 'scram-sha-512', username: credentials.username, password: 'not-the-password' },
    });
    // Neither adapter retries a refused sign-in, so it fails at once rather than after a long wait.
    const quickly = 10_000;

    it('refuses the producer and the admin with a KafkaAuthenticationError naming the user', async () => {
      const started = Date.now();
      for (const attempt of [
        () => client.createProducer({ clientId: 'sasl-test-producer' }),
        () => client.createAdmin({ clientId: 'sasl-test-admin' }),
      ]) {
        const error = await attempt().then(
          () => undefined,
          (failure: unknown) => failure,
        );
        expect(error).toBeInstanceOf(KafkaAuthenticationError);
        expect((error as Error).message).toContain(
          `Kafka at ${brokers[0]} refused ${credentials.username} (scram-sha-512)`,
        );
        expect((error as Error).message).not.toContain('not-the-password');
      }
      expect(Date.now() - started).toBeLessThan(quickly);
    });

    it('refuses the consumer when it starts', async () => {
      const consumer = await client.createConsumer({
        clientId: 'sasl-test-consumer',
        groupId: uniqueName('group'),
        topics: [uniqueName('topic')],
        fromBeginning: true,
        sessionTimeoutMs: 10_000,
      });
      consumers.push(consumer);
      const started = Date.now();
      await expect(consumer.start(new RecordingListener())).rejects.toBeInstanceOf(KafkaAuthenticationError);
      expect(Date.now() - started).toBeLessThan(quickly);
    });
  });
});

describe(`${PlatformaticPartitionReader.name} over SASL`, () => {
  it('reads a partition signed in with scram-sha-512', async () => {
    const sasl = { mechanism: 'scram-sha-512' as const, ...credentials };
    const client = new PlatformaticKafkaClient({ brokers, sasl });
    const reader = new PlatformaticPartitionReader({ clientId: uniqueName('reader'), brokers, sasl });
    const admin = await client.createAdmin({ clientId: 'sasl-test-admin' });
    const producer = await client.createProducer({ clientId: 'sasl-test-producer' });
    try {
      const topic = uniqueName('topic');
      await admin.createTopics([{ topic, partitions: 1 }]);
      await producer.send([{ topic, key: 'k', value: 'history', headers: {} }]);
      const values: string[] = [];
      await reader.read({ topic, partition: 0 }, { from: '0', until: '1' }, (records) => {
        values.push(...records.map(({ value }) => value?.toString() ?? ''));
      });
      expect(values).toEqual(['history']);
    } finally {
      await reader.close();
      await producer.close();
      await admin.close();
    }
  });
});

function readCredentials(): { username: string; password: string } {
  try {
    return JSON.parse(readFileSync(credentialsFile, 'utf8')) as { username: string; password: string };
  } catch (error) {
    throw new Error(
      `no SCRAM credentials in ${credentialsFile} (${(error as Error).message}): a stack started before ` +
        'its SASL listener existed gets both after `./platform stack down && ./platform stack up`',
    );
  }
}
