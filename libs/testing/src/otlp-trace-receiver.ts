import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export type SpanKindName = 'unspecified' | 'internal' | 'server' | 'client' | 'producer' | 'consumer';

/** One span as an OTLP exporter sent it, flattened. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: SpanKindName;
  /** The resource's service.name: which process made the span. */
  service: string;
  attributes: Record<string, string | number | boolean>;
  startMs: number;
  endMs: number;
}

type OtlpValue = {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
};
type OtlpAttribute = { key: string; value: OtlpValue };
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind?: number;
  startTimeUnixNano: string | number;
  endTimeUnixNano: string | number;
  attributes?: OtlpAttribute[];
}
interface OtlpExport {
  resourceSpans?: {
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans?: { spans?: OtlpSpan[] }[];
  }[];
}

const KINDS: SpanKindName[] = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];

/**
 * A minimal OTLP/HTTP trace receiver (the JSON encoding, what @opentelemetry/exporter-trace-otlp-http
 * sends) that keeps every span in memory: a test points services' OTEL_EXPORTER_OTLP_ENDPOINT at it
 * and asserts on the spans they really exported.
 */
export class OtlpTraceReceiver {
  private readonly spans: ReceivedSpan[] = [];

  private constructor(private readonly server: Server) {}

  static async start(port = 0, host = '127.0.0.1'): Promise<OtlpTraceReceiver> {
    const server = createServer();
    const receiver = new OtlpTraceReceiver(server);
    server.on('request', (request, response) => {
      receiver
        .accept(request)
        .then(() => response.writeHead(200, { 'content-type': 'application/json' }).end('{}'))
        .catch((error: Error) =>
          response.writeHead(400, { 'content-type': 'text/plain' }).end(error.message),
        );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, resolve);
    });
    return receiver;
  }

  /** The base URL for OTEL_EXPORTER_OTLP_ENDPOINT (the exporter appends /v1/traces). */
  get endpoint(): string {
    const { address, port } = this.server.address() as AddressInfo;
    return `http://${address}:${port}`;
  }

  spansOf(traceId: string): ReceivedSpan[] {
    return this.spans.filter((span) => span.traceId === traceId);
  }

  get all(): readonly ReceivedSpan[] {
    return this.spans;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async accept(request: IncomingMessage): Promise<void> {
    if (request.method !== 'POST' || !request.url?.startsWith('/v1/traces'))
      throw new Error(`only POST /v1/traces is served, not ${request.method} ${request.url}`);
    if (!request.headers['content-type']?.startsWith('application/json'))
      throw new Error('only the OTLP JSON encoding is understood');
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    let body = Buffer.concat(chunks);
    if (request.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
    this.spans.push(...flatten(JSON.parse(body.toString('utf8')) as OtlpExport));
  }
}

function flatten(payload: OtlpExport): ReceivedSpan[] {
  return (payload.resourceSpans ?? []).flatMap((resourceSpans) => {
    const service = String(attributesOf(resourceSpans.resource?.attributes)['service.name'] ?? '');
    return (resourceSpans.scopeSpans ?? []).flatMap((scope) =>
      (scope.spans ?? []).map((span) => ({
        traceId: span.traceId,
        spanId: span.spanId,
        ...(span.parentSpanId ? { parentSpanId: span.parentSpanId } : {}),
        name: span.name,
        kind: KINDS[span.kind ?? 0] ?? 'unspecified',
        service,
        attributes: attributesOf(span.attributes),
        startMs: Number(BigInt(span.startTimeUnixNano) / 1_000_000n),
        endMs: Number(BigInt(span.endTimeUnixNano) / 1_000_000n),
      })),
    );
  });
}

function attributesOf(attributes: OtlpAttribute[] = []): Record<string, string | number | boolean> {
  const result: Record<string, string | number | boolean> = {};
  for (const { key, value } of attributes) {
    if (value.stringValue !== undefined) result[key] = value.stringValue;
    else if (value.intValue !== undefined) result[key] = Number(value.intValue);
    else if (value.doubleValue !== undefined) result[key] = value.doubleValue;
    else if (value.boolValue !== undefined) result[key] = value.boolValue;
  }
  return result;
}
