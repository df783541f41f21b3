import { randomUUID } from 'node:crypto';
import { closeCodes, deadLetterTopicName, topicOf } from '@platform/contracts';
import {
  createKafkaClient,
  createMessage,
  toOutboundMessage,
  type ConsumerPort,
  type InboundMessage,
  type OutboundMessage,
} from '@platform/messaging';
import { readStackEndpoints } from '@platform/stack-endpoints';
import {
  eventually,
  generatePemKeyPair,
  Publisher,
  startGateway,
  TestClient,
  TestSessions,
  tokenIssuer,
  type RunningGateway,
} from './support/gateway';

// Poison on either topic the gateway reads leaves a dead letter with the cause in
// notification-gateway.dlq, and the partition goes on: the good record behind it, on the same
// key, still reaches the WebSocket client.
jest.setTimeout(180_000);

const REALTIME_TOPIC = topicOf('SeatAvailableChanged');
const SESSION_TOPIC = topicOf('SessionRevoked');
const DEAD_LETTER_TOPIC = deadLetterTopicName('notification-gateway');
const CASE_HEADER = 'test_poison_case';

/** Every kind of poison, made from a good record; each keeps the good record's key and names its run and case. */
function poisonOf(
  good: OutboundMessage,
  hugeField: string,
  run: string,
): { name: string; record: OutboundMessage; cause: RegExp }[] {
  const data = JSON.parse(good.value.toString()) as Record<string, unknown>;
  const other =
    good.topic === REALTIME_TOPIC
      ? toOutboundMessage(
          createMessage('registration-service', 'SessionExpired', {
            studentId: 'someone',
            sessionId: randomUUID(),
            expiredAt: new Date().toISOString(),
          }),
        )
      : toOutboundMessage(
          createMessage('read-model-projector', 'ModuleRemoved', {
            channel: 'module:elsewhere',
            moduleId: 'elsewhere',
            version: 1,
            changedAt: new Date().toISOString(),
          }),
        );
  const kinds: { name: string; record: Omit<OutboundMessage, 'topic' | 'key'>; cause: RegExp }[] = [
    { name: 'not JSON', record: { ...good, value: 'not json{' }, cause: /value is not JSON/ },
    {
      name: 'wrong schema',
      record: { ...good, value: JSON.stringify({ unexpected: true }) },
      cause: /INVALID_DATA/,
    },
    {
      name: 'unknown type',
      record: {
        ...good,
        headers: {
          ...good.headers,
          ce_type: 'NoSuchEvent',
          ce_dataschema: 'urn:course-platform:schema:NoSuchEvent:1',
        },
      },
      cause: /UNKNOWN_TYPE/,
    },
    { name: 'no ce_* headers', record: { ...good, headers: {} }, cause: /bad envelope/ },
    {
      name: 'a 1 MB value',
      record: { ...good, value: JSON.stringify({ ...data, [hugeField]: 'x'.repeat(1_000_000) }) },
      cause: /INVALID_DATA/,
    },
    { name: 'a message of the other topic', record: other, cause: /is not a (realtime|session)\.\w+ event/ },
  ];
  return kinds.map(({ name, record, cause }) => ({
    name,
    cause,
    record: {
      topic: good.topic,
      key: good.key,
      value: record.value,
      // The run too: session.events is re-read from the beginning, earlier runs' poison with it.
      headers: { ...record.headers, [CASE_HEADER]: `${run} ${name}` },
    },
  }));
}

describe('poison records on realtime.updates and session.events', () => {
  const run = `DL${randomUUID().slice(0, 6)}`;
  const instanceId = `test-${run}`;
  let running: RunningGateway;
  let publisher: Publisher;
  let sessions: TestSessions;
  let deadLetterReader: ConsumerPort;
  const deadLetters: InboundMessage[] = [];
  const clients: TestClient[] = [];

  const header = (message: InboundMessage, name: string) => message.headers[name]?.toString();
  // Each instance reads in groups of its own, notification-gateway.<instance id>[.<purpose>].
  const deadLetterOf = (topic: string, name: string) =>
    eventually(`the dead letter of "${name}" on ${topic}`, () =>
      deadLetters.find(
        (message) =>
          header(message, 'dlq_original_topic') === topic &&
          header(message, CASE_HEADER) === `${run} ${name}` &&
          header(message, 'dlq_consumer_group')?.startsWith(`notification-gateway.${instanceId}`),
      ),
    );
  const connect = async (token: string) => {
    const client = TestClient.connect(running.url, token);
    clients.push(client);
    await client.ready();
    await eventually('welcome', () => client.of('welcome').length > 0);
    return client;
  };

  beforeAll(async () => {
    const kafka = createKafkaClient('platformatic', { brokers: readStackEndpoints().kafka.brokers });
    deadLetterReader = await kafka.createConsumer({
      clientId: `test-gateway-dlq-${run}`,
      groupId: `test.gateway-dlq-${run}`,
      topics: [DEAD_LETTER_TOPIC],
      // One small partition; the group header tells this run's dead letters apart.
      fromBeginning: true,
      maxWaitMs: 100,
    });
    await deadLetterReader.start({
      onAssigned: () => undefined,
      onRevoked: async () => undefined,
      onMessages: async (_partition, messages) => {
        for (const message of messages)
          if (header(message, 'dlq_consumer_group')?.includes(instanceId)) deadLetters.push(message);
      },
    });
    const keys = await generatePemKeyPair();
    running = await startGateway(keys, { GATEWAY_INSTANCE_ID: instanceId });
    publisher = await Publisher.create();
    sessions = new TestSessions(await tokenIssuer(keys), publisher);
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    await deadLetterReader?.stop();
    await publisher?.close();
    await running?.app.close();
  });

  it('dead-letters each poison record of realtime.updates with its cause, then pushes the next change', async () => {
    const moduleId = `${run}-m`;
    const client = await connect((await sessions.signIn()).token);
    expect(await client.request({ op: 'subscribe', id: 's', channel: `modules:${moduleId}` })).toMatchObject({
      type: 'ack',
    });
    await eventually('the live seat count', async () => {
      await publisher.seats(moduleId, 9);
      await new Promise((resolve) => setTimeout(resolve, 300));
      return client.events(`module:${moduleId}`).length > 0;
    });
    const good = toOutboundMessage(
      createMessage('read-model-projector', 'SeatAvailableChanged', {
        channel: `module:${moduleId}`,
        moduleId,
        capacity: 10,
        reserved: 7,
        confirmed: 0,
        available: 3,
        changedAt: new Date().toISOString(),
      }),
    );
    const poison = poisonOf(good, 'moduleId', run);

    await publisher.raw(poison.map(({ record }) => record));
    await publisher.raw([good]);

    const pushed = await eventually('the good change after the poison', () =>
      client.events(`module:${moduleId}`).find((event) => event.event.data['available'] === 3),
    );
    expect(pushed.channel).toBe(`module:${moduleId}`);
    for (const { name, record, cause } of poison) {
      const letter = await deadLetterOf(REALTIME_TOPIC, name);
      expect(header(letter, 'dlq_reason')).toBe('poison');
      expect(header(letter, 'dlq_error')).toMatch(cause);
      expect(letter.key?.toString()).toBe(good.key);
      expect(letter.value?.length).toBe(Buffer.byteLength(record.value));
    }
  });

  it('dead-letters each poison record of session.events with its cause, then ends the next session', async () => {
    const erin = await sessions.signIn();
    const client = await connect(erin.token);
    const good = toOutboundMessage(
      createMessage('registration-service', 'SessionRevoked', {
        studentId: erin.studentId,
        sessionId: erin.sessionId,
        reason: 'SIGNED_OUT',
        revokedAt: new Date().toISOString(),
      }),
    );
    const poison = poisonOf(good, 'sessionId', run);

    await publisher.raw(poison.map(({ record }) => record));
    await publisher.raw([good]);

    expect((await client.closed).code).toBe(closeCodes.SESSION_REVOKED);
    for (const { name, record, cause } of poison) {
      const letter = await deadLetterOf(SESSION_TOPIC, name);
      expect(header(letter, 'dlq_reason')).toBe('poison');
      expect(header(letter, 'dlq_error')).toMatch(cause);
      expect(letter.key?.toString()).toBe(good.key);
      expect(letter.value?.length).toBe(Buffer.byteLength(record.value));
    }
  });
});
