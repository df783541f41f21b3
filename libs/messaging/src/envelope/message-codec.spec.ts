import { context, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { PoisonMessageError } from '../consumer/consumer-errors';
import type { InboundMessage } from '../kafka/kafka-client.port';
import { decodeMessage } from './incoming-message';
import { createMessage, toOutboundMessage, toOutboxRecord } from './outgoing-message';

function received(outbound: ReturnType<typeof toOutboundMessage>, overrides: Partial<InboundMessage> = {}) {
  return {
    topic: outbound.topic,
    partition: 0,
    offset: '0',
    key: Buffer.from(outbound.key),
    value: Buffer.from(outbound.value),
    headers: Object.fromEntries(Object.entries(outbound.headers).map(([k, v]) => [k, Buffer.from(v)])),
    timestamp: Date.now(),
    ...overrides,
  } satisfies InboundMessage;
}

const reserveSeat = { registrationId: 'reg-1', moduleId: 'M-101', studentId: 'stu-1' };

describe(createMessage.name, () => {
  it('takes topic and key from the catalog and starts a correlation', () => {
    const message = createMessage('saga-coordinator', 'ReserveSeat', reserveSeat);
    expect(message.topic).toBe('inventory.commands');
    expect(message.key).toBe('M-101');
    expect(message.envelope).toMatchObject({
      type: 'ReserveSeat',
      source: '/services/saga-coordinator',
      subject: 'M-101',
      dataschema: 'urn:course-platform:schema:ReserveSeat:1',
      correlationId: message.envelope.id,
    });
    expect(message.envelope.causationId).toBeUndefined();
  });

  it('records what caused it', () => {
    const message = createMessage('saga-coordinator', 'ReserveSeat', reserveSeat, {
      messageId: 'm-1',
      correlationId: 'c-1',
    });
    expect(message.envelope).toMatchObject({ causationId: 'm-1', correlationId: 'c-1' });
  });

  it('carries the active trace', () => {
    const contextManager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(contextManager);
    const tracer = new TracerProvider({
      spanProcessors: [new SimpleSpanProcessor({ exporter: new InMemorySpanExporter() })],
    }).getTracer('test');
    try {
      const span = tracer.startSpan('handle');
      const message = context.with(trace.setSpan(context.active(), span), () =>
        createMessage('saga-coordinator', 'ReserveSeat', reserveSeat),
      );
      expect(message.envelope.traceparent).toContain(span.spanContext().traceId);
    } finally {
      context.disable();
    }
  });

  it('refuses data that breaks the contract', () => {
    expect(() =>
      createMessage('saga-coordinator', 'ReserveSeat', { ...reserveSeat, moduleId: 42 } as never),
    ).toThrow(/ReserveSeat/);
  });

  it('maps onto the outbox columns', () => {
    const message = createMessage('saga-coordinator', 'ReserveSeat', reserveSeat);
    expect(toOutboxRecord(message)).toMatchObject({
      id: message.envelope.id,
      topic: 'inventory.commands',
      key: 'M-101',
      type: 'ReserveSeat',
      data: reserveSeat,
    });
  });
});

describe(decodeMessage.name, () => {
  it('reads back what was produced', () => {
    const message = createMessage('saga-coordinator', 'ReserveSeat', reserveSeat);
    const decoded = decodeMessage(received(toOutboundMessage(message)));
    expect(decoded).toMatchObject({ type: 'ReserveSeat', data: reserveSeat, receivedVersion: 1 });
    expect(decoded.envelope.id).toBe(message.envelope.id);
  });

  it('upcasts an older version before a handler sees it', () => {
    const outbound = toOutboundMessage(
      createMessage('payment-service', 'PaymentFailed', {
        registrationId: 'reg-1',
        reason: { code: 'UNKNOWN', message: 'card declined' },
        failedAt: '2026-11-25T10:00:00Z',
      }),
    );
    const v1 = received(
      {
        ...outbound,
        value: JSON.stringify({
          registrationId: 'reg-1',
          reason: 'card declined',
          failedAt: '2026-11-25T10:00:00Z',
        }),
      },
      {},
    );
    v1.headers['ce_dataschema'] = Buffer.from('urn:course-platform:schema:PaymentFailed:1');
    const decoded = decodeMessage(v1);
    expect(decoded.receivedVersion).toBe(1);
    expect((decoded.data as { reason: unknown }).reason).toEqual({
      code: 'UNKNOWN',
      message: 'card declined',
    });
  });

  it.each([
    ['a value that is not JSON', { value: Buffer.from('{nope') }, /not JSON/],
    ['a value that breaks the schema', { value: Buffer.from('{"moduleId": 7}') }, /INVALID_DATA/],
  ])('calls %s poison, with the reason', (_, overrides, reason) => {
    const outbound = toOutboundMessage(createMessage('saga-coordinator', 'ReserveSeat', reserveSeat));
    const decode = () => decodeMessage(received(outbound, overrides as Partial<InboundMessage>));
    expect(decode).toThrow(PoisonMessageError);
    expect(decode).toThrow(reason);
  });

  it('calls an unknown type or a missing envelope poison', () => {
    const outbound = toOutboundMessage(createMessage('saga-coordinator', 'ReserveSeat', reserveSeat));
    const unknown = received(outbound);
    unknown.headers['ce_type'] = Buffer.from('SeatTeleported');
    unknown.headers['ce_dataschema'] = Buffer.from('urn:course-platform:schema:SeatTeleported:1');
    expect(() => decodeMessage(unknown)).toThrow(/UNKNOWN_TYPE/);
    expect(() => decodeMessage(received(outbound, { headers: {} }))).toThrow(/bad envelope: missing ce_id/);
  });
});
