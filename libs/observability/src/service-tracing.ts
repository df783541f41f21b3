import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace';

/**
 * Starts OpenTelemetry for a service, configured by OpenTelemetry's own standard variables
 * (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, OTEL_EXPORTER_OTLP_HEADERS,
 * OTEL_SDK_DISABLED…), so compose and Kubernetes point every service at a collector the usual way.
 * Without an endpoint nothing starts: a laptop run does not send spans to nowhere. Call it first
 * in main.ts; the messaging runtime's spans (consume, handle, outbox) then go to the collector.
 */
export function startServiceTracing(
  serviceName: string,
  env: Record<string, string | undefined> = process.env,
): NodeSDK | undefined {
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint || env.OTEL_SDK_DISABLED === 'true') return undefined;
  const sdk = new NodeSDK({
    serviceName,
    spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter() })],
  });
  sdk.start();
  return sdk;
}
