import { trace } from '@opentelemetry/api';
import { OtlpTraceReceiver } from '@platform/testing';
import { startServiceTracing } from './service-tracing';

describe(startServiceTracing.name, () => {
  it('starts nothing without an OTLP endpoint', () => {
    expect(startServiceTracing('quiet-service', {})).toBeUndefined();
    expect(
      startServiceTracing('quiet-service', {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://x',
        OTEL_SDK_DISABLED: 'true',
      }),
    ).toBeUndefined();
  });

  it('exports the spans of the process, named by service, to the OTLP endpoint over HTTP', async () => {
    const receiver = await OtlpTraceReceiver.start();
    const saved = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = receiver.endpoint;
    try {
      const sdk = startServiceTracing('traced-service', process.env);
      expect(sdk).toBeDefined();
      trace
        .getTracer('spec')
        .startSpan('a span', { attributes: { answer: 42 } })
        .end();
      await sdk!.shutdown();
    } finally {
      if (saved === undefined) delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
      else process.env.OTEL_EXPORTER_OTLP_ENDPOINT = saved;
      await receiver.close();
    }
    expect(receiver.all).toEqual([
      expect.objectContaining({ name: 'a span', service: 'traced-service', attributes: { answer: 42 } }),
    ]);
    expect(receiver.all[0]?.traceId).toMatch(/^[0-9a-f]{32}$/);
  });
});
