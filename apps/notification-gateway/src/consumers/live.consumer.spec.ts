import {
  createMessage,
  decodeMessage,
  InMemoryConsumerPort,
  InMemoryProducerPort,
  inboundMessage,
  MessagingMetrics,
  toOutboundMessage,
  type DecodedMessage,
  type KafkaClientPort,
} from '@platform/messaging';
import { Logger } from '@nestjs/common';
import { Registry } from 'prom-client';
import { DEAD_LETTER_TOPIC, LiveConsumer } from './live.consumer';

describe(LiveConsumer.name, () => {
  const topic = 'session.events';
  const partition = { topic, partition: 0 };
  let port: InMemoryConsumerPort;
  let deadLetters: InMemoryProducerPort;
  let consumer: LiveConsumer<DecodedMessage>;
  const handled: DecodedMessage[] = [];
  const kafka = {
    createProducer: async () => deadLetters,
    createConsumer: async () => port,
  } as unknown as KafkaClientPort;
  const good = toOutboundMessage(
    createMessage('registration-service', 'SessionExpired', {
      studentId: 'alice',
      sessionId: 's1',
      expiredAt: '2026-11-25T09:00:00.000Z',
    }),
  );

  beforeAll(() => Logger.overrideLogger(false));

  beforeEach(async () => {
    port = new InMemoryConsumerPort();
    deadLetters = new InMemoryProducerPort();
    handled.length = 0;
    consumer = await LiveConsumer.start({
      kafka,
      groupId: 'notification-gateway.spec',
      topic,
      fromBeginning: true,
      decode: decodeMessage,
      process: async (message) => void handled.push(message),
      metrics: MessagingMetrics.of(new Registry()),
      progressIntervalMs: 5,
    });
    port.assign([partition]);
  });

  afterEach(() => consumer.stop());

  it('dead-letters a poison record with its cause and goes on to the next one', async () => {
    await port.deliver(partition, [
      inboundMessage({ offset: 0, topic, key: 'alice', value: 'not json', headers: good.headers }),
      inboundMessage({ offset: 1, topic, key: 'alice', value: good.value, headers: good.headers }),
    ]);
    await consumer.reached([{ ...partition, offset: '2' }]);

    expect(handled.map((message) => message.type)).toEqual(['SessionExpired']);
    expect(deadLetters.sent).toHaveLength(1);
    expect(deadLetters.sent[0]).toMatchObject({
      topic: DEAD_LETTER_TOPIC,
      key: 'alice',
      value: Buffer.from('not json'),
      headers: {
        dlq_reason: 'poison',
        dlq_original_topic: topic,
        dlq_original_offset: '0',
        dlq_consumer_group: 'notification-gateway.spec',
      },
    });
    expect(deadLetters.sent[0]!.headers['dlq_error']).toMatch(/value is not JSON/);
  });

  it('dead-letters a record whose handling failed, without running it again', async () => {
    await consumer.stop();
    let runs = 0;
    port = new InMemoryConsumerPort();
    consumer = await LiveConsumer.start({
      kafka,
      groupId: 'notification-gateway.spec',
      topic,
      fromBeginning: true,
      decode: decodeMessage,
      process: async () => {
        runs += 1;
        throw new Error('a bug');
      },
      metrics: MessagingMetrics.of(new Registry()),
      progressIntervalMs: 5,
    });
    port.assign([partition]);
    await port.deliver(partition, [inboundMessage({ offset: 0, ...good, topic })]);
    await consumer.reached([{ ...partition, offset: '1' }]);
    expect(runs).toBe(1);
    expect(deadLetters.sent[0]?.headers).toMatchObject({
      dlq_reason: 'retries-exhausted',
      dlq_error: 'a bug',
    });
  });

  it('never commits to Kafka', async () => {
    await port.deliver(partition, [inboundMessage({ offset: 0, ...good, topic })]);
    await consumer.reached([{ ...partition, offset: '1' }]);
    await consumer.stop();
    expect(port.commits).toEqual([]);
  });
});
