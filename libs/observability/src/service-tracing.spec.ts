import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { trace } from '@opentelemetry/api';
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

  it('exports the spans of the process to the OTLP endpoint over HTTP', async () => {
    const received: { path?: string; bytes: number }[] = [];
    const collector = createServer((request: IncomingMessage, response) => {
      let bytes = 0;
      request.on('data', (chunk: Buffer) => (bytes += chunk.length));
      request.on('end', () => {
        received.push({ path: request.url, bytes });
        response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
    const saved = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = endpoint;
    try {
      const sdk = startServiceTracing('traced-service', process.env);
      expect(sdk).toBeDefined();
      trace.getTracer('spec').startSpan('a span').end();
      await sdk!.shutdown();
    } finally {
      if (saved === undefined) delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
      else process.env.OTEL_EXPORTER_OTLP_ENDPOINT = saved;
      collector.close();
    }
    expect(received).toHaveLength(1);
    expect(received[0]?.path).toBe('/v1/traces');
    expect(received[0]?.bytes).toBeGreaterThan(0);
  });
});
