import { Logger } from '@nestjs/common';
import { closeCodes } from '@platform/contracts';
import {
  createMessage,
  flushPromises,
  InMemoryConsumerPort,
  InMemoryProducerPort,
  inboundMessage,
  toOutboundMessage,
  type AdminPort,
  type KafkaClientPort,
} from '@platform/messaging';
import { Registry } from 'prom-client';
import { loadConfig } from '../config';
import { GatewayMetrics } from '../core/gateway.metrics';
import type { ConnectionRegistry } from '../connections/connection.registry';
import { SessionEventsConsumer } from './session-events.consumer';
import { SessionRegistry } from './session.registry';

describe(SessionEventsConsumer.name, () => {
  const topic = 'session.events';
  const p0 = { topic, partition: 0 };
  const p1 = { topic, partition: 1 };
  const expiresAt = new Date(Date.now() + 15 * 60_000).toISOString();
  const record = (offset: number, outbound: ReturnType<typeof toOutboundMessage>) =>
    inboundMessage({ offset, ...outbound, topic });
  const created = (sessionId: string) =>
    toOutboundMessage(
      createMessage('registration-service', 'SessionCreated', {
        studentId: 'alice',
        sessionId,
        createdAt: new Date().toISOString(),
        expiresAt,
      }),
    );
  const revoked = (sessionId: string) =>
    toOutboundMessage(
      createMessage('registration-service', 'SessionRevoked', {
        studentId: 'alice',
        sessionId,
        reason: 'SIGNED_OUT',
        revokedAt: new Date().toISOString(),
      }),
    );

  let port: InMemoryConsumerPort;
  let deadLetters: InMemoryProducerPort;
  let registry: SessionRegistry;
  let connections: { sessionEnded: jest.Mock };
  let consumer: SessionEventsConsumer;

  beforeAll(() => Logger.overrideLogger(false));

  beforeEach(() => {
    port = new InMemoryConsumerPort();
    deadLetters = new InMemoryProducerPort();
    registry = new SessionRegistry();
    connections = { sessionEnded: jest.fn() };
    // Partition 0 holds two records when the gateway starts, partition 1 none.
    const admin = {
      earliestOffsets: async () => [
        { ...p0, offset: '0' },
        { ...p1, offset: '0' },
      ],
      latestOffsets: async () => [
        { ...p0, offset: '2' },
        { ...p1, offset: '0' },
      ],
      close: async () => undefined,
    } as unknown as AdminPort;
    const kafka = {
      createAdmin: async () => admin,
      createProducer: async () => deadLetters,
      createConsumer: async () => port,
    } as unknown as KafkaClientPort;
    consumer = new SessionEventsConsumer(
      loadConfig({ JWT_PUBLIC_KEY: 'unused in this spec' }),
      kafka,
      registry,
      connections as unknown as ConnectionRegistry,
      GatewayMetrics.of(new Registry()),
    );
  });

  afterEach(() => consumer.beforeApplicationShutdown());

  it('finishes starting only once the log present at start is in the registry', async () => {
    let started = false;
    const starting = consumer.onApplicationBootstrap().then(() => (started = true));
    await waitFor(() => port.started);
    port.assign([p0, p1]);
    await port.deliver(p0, [record(0, created('s1'))]);
    await flushPromises();
    expect(started).toBe(false);
    expect(consumer.isComplete).toBe(false);

    await port.deliver(p0, [record(1, created('s2'))]);
    await starting;
    expect(consumer.isComplete).toBe(true);
    expect(registry.stateOf('s1', 'alice')).toBe('live');
    expect(registry.stateOf('s2', 'alice')).toBe('live');
  });

  it('marks a revoked session ended and closes its sockets with 4002', async () => {
    const starting = consumer.onApplicationBootstrap();
    await waitFor(() => port.started);
    port.assign([p0, p1]);
    await port.deliver(p0, [record(0, created('s1')), record(1, revoked('s1'))]);
    await starting;
    expect(registry.stateOf('s1', 'alice')).toBe('revoked');
    expect(connections.sessionEnded).toHaveBeenCalledWith('s1', closeCodes.SESSION_REVOKED);
  });

  it('skips poison it re-reads from before its start (parked when first read live), and dead-letters new poison', async () => {
    const poison = (offset: number) => inboundMessage({ offset, topic, key: 'k', value: 'not json{' });
    const starting = consumer.onApplicationBootstrap();
    await waitFor(() => port.started);
    port.assign([p0, p1]);
    await port.deliver(p0, [record(0, created('s1')), poison(1)]);
    await starting;
    await flushPromises();
    expect(deadLetters.sent).toEqual([]);

    await port.deliver(p0, [poison(2)]);
    await waitFor(() => deadLetters.sent.length > 0);
    expect(deadLetters.sent[0]?.headers?.['dlq_reason']).toBe('poison');
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 1));
}
