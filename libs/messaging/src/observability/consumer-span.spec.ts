import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { inboundMessage } from '../consumer/testing';
import { withConsumerSpan } from './consumer-span';

const PRODUCER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const PRODUCER_SPAN = '00f067aa0ba902b7';
const traceparent = `00-${PRODUCER_TRACE}-${PRODUCER_SPAN}-01`;

describe(withConsumerSpan.name, () => {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const tracer = provider.getTracer('spec');
  const contextManager = new AsyncLocalStorageContextManager().enable();

  beforeAll(() => context.setGlobalContextManager(contextManager));
  afterAll(() => context.disable());
  afterEach(() => exporter.reset());

  const record = (overrides: Partial<Parameters<typeof withConsumerSpan>[0]> = {}) => ({
    message: inboundMessage({ topic: 'seat.commands', partition: 3, offset: 41 }),
    attempt: 2,
    groupId: 'seat-inventory-service',
    trace: { traceparent },
    messageId: 'm-1',
    messageType: 'ReserveSeat',
    ...overrides,
  });

  it('hangs the consumer span under the producer span named by the traceparent', async () => {
    await withConsumerSpan(record(), () => undefined, tracer);

    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('seat.commands process');
    expect(span?.kind).toBe(SpanKind.CONSUMER);
    expect(span?.spanContext().traceId).toBe(PRODUCER_TRACE);
    expect(span?.parentSpanContext?.spanId).toBe(PRODUCER_SPAN);
    expect(span?.attributes).toMatchObject({
      'messaging.destination.name': 'seat.commands',
      'messaging.destination.partition.id': '3',
      'messaging.kafka.offset': 41,
      'messaging.consumer.group.name': 'seat-inventory-service',
      'messaging.message.attempt': 2,
      'messaging.message.id': 'm-1',
      'messaging.message.type': 'ReserveSeat',
    });
  });

  it('makes the consumer span the active one, so what the work produces hangs under it', async () => {
    await withConsumerSpan(record(), () => tracer.startSpan('outbox write').end(), tracer);

    const [child, consumer] = exporter.getFinishedSpans();
    expect(child?.name).toBe('outbox write');
    expect(child?.parentSpanContext?.spanId).toBe(consumer?.spanContext().spanId);
  });

  it('starts a new trace when the record carries no context', async () => {
    await withConsumerSpan(record({ trace: {} }), () => undefined, tracer);

    const [span] = exporter.getFinishedSpans();
    expect(span?.spanContext().traceId).not.toBe(PRODUCER_TRACE);
    expect(span?.parentSpanContext).toBeUndefined();
  });

  it('records a failure on the span and rethrows it for the retry policy', async () => {
    await expect(
      withConsumerSpan(record(), () => Promise.reject(new Error('database down')), tracer),
    ).rejects.toThrow('database down');

    const [span] = exporter.getFinishedSpans();
    expect(span?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'database down' });
    expect(span?.events.map((event) => event.name)).toContain('exception');
    expect(trace.getActiveSpan()).toBeUndefined();
  });
});
