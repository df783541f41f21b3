import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { NodeSDK } from '@opentelemetry/sdk-node';

// Probes and scrapes arrive every few seconds from every orchestrator; traces of them are noise.
const UNTRACED_PATHS = /^\/(health|metrics)(\/|\?|$)/;

/**
 * Starts OpenTelemetry for a service, configured by OpenTelemetry's own standard variables
 * (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, OTEL_EXPORTER_OTLP_HEADERS,
 * OTEL_BSP_SCHEDULE_DELAY, OTEL_SDK_DISABLED…), so compose and Kubernetes point every service at a
 * collector the usual way. Without an endpoint nothing starts: a laptop run does not send spans to
 * nowhere. The messaging runtime makes the producer and consumer spans; HTTP server spans (named
 * by their route through service-kit's HttpRouteInterceptor) and Postgres queries made inside a
 * traced operation come from the instrumentations, which patch modules as they load: call this
 * from the app's first import (src/instrumentation.ts), before http or pg are required.
 */
export function startServiceTracing(
  serviceName: string,
  env: Record<string, string | undefined> = process.env,
): NodeSDK | undefined {
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint || env.OTEL_SDK_DISABLED === 'true') return undefined;
  const sdk = new NodeSDK({
    serviceName,
    // Batched as OTEL_BSP_* says. Metrics are scraped from /metrics (prom-client) and logs go
    // to stdout, so the SDK pushes neither.
    traceExporter: new OTLPTraceExporter(),
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.test(request.url ?? ''),
      }),
      // Pollers query all the time outside any request or message: only traced work gets pg spans.
      new PgInstrumentation({ requireParentSpan: true }),
    ],
  });
  sdk.start();
  return sdk;
}
