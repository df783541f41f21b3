import { context, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { contextFromTraceHeaders, traceHeadersOf } from './trace-context';

describe(traceHeadersOf.name, () => {
  const exporter = new InMemorySpanExporter();
  const tracer = new TracerProvider({
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  }).getTracer('test');

  it('carries a span across a message: the consumer span is a child of the producer span', () => {
    const producerSpan = tracer.startSpan('produce');
    const headers = traceHeadersOf(trace.setSpan(context.active(), producerSpan));
    producerSpan.end();

    expect(headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);

    const consumerSpan = tracer.startSpan('consume', {}, contextFromTraceHeaders(headers));
    consumerSpan.end();
    const [produced, consumed] = exporter.getFinishedSpans();
    expect(consumed?.spanContext().traceId).toBe(produced?.spanContext().traceId);
    expect(consumed?.parentSpanContext?.spanId).toBe(produced?.spanContext().spanId);
  });

  it('gives no headers when there is no active span', () => {
    expect(traceHeadersOf(context.active())).toEqual({});
  });

  it('starts a new trace when a message carries none', () => {
    expect(trace.getSpanContext(contextFromTraceHeaders({}))).toBeUndefined();
  });
});
