import { NodeSDK } from '@opentelemetry/sdk-node';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import { BatchSpanProcessor, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';

export interface TracingOptions {
  serviceName: string;
  /** Where spans go; the OTLP exporter in services, an in-memory one in tests. */
  exporter: SpanExporter;
  /** Export every span at once (tests) instead of in batches (services). */
  immediate?: boolean;
}

/** Starts OpenTelemetry for the process: call once, first thing in main.ts. */
export function startTracing(options: TracingOptions): NodeSDK {
  const processor = options.immediate
    ? new SimpleSpanProcessor({ exporter: options.exporter })
    : new BatchSpanProcessor({ exporter: options.exporter });
  const sdk = new NodeSDK({ serviceName: options.serviceName, spanProcessors: [processor] });
  sdk.start();
  return sdk;
}
