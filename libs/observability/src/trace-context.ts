import { context, propagation, ROOT_CONTEXT, type Context } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

// Messages carry W3C trace context in headers, whatever propagator the process installed
// globally, so a trace survives Kafka, the outbox and Debezium unchanged.
const w3c = new W3CTraceContextPropagator();

export interface TraceHeaders {
  traceparent?: string;
  tracestate?: string;
}

/** The trace context of `ctx` (default: the active one) as message headers. */
export function traceHeadersOf(ctx: Context = context.active()): TraceHeaders {
  const carrier: Record<string, string> = {};
  w3c.inject(ctx, carrier, { set: (target, key, value) => (target[key] = value) });
  return {
    ...(carrier['traceparent'] ? { traceparent: carrier['traceparent'] } : {}),
    ...(carrier['tracestate'] ? { tracestate: carrier['tracestate'] } : {}),
  };
}

/** A context whose remote parent is the span that produced a message (ROOT when it carries none). */
export function contextFromTraceHeaders(headers: TraceHeaders, base: Context = ROOT_CONTEXT): Context {
  return w3c.extract(base, headers, {
    get: (carrier, key) => carrier[key as keyof TraceHeaders],
    keys: (carrier) => Object.keys(carrier),
  });
}

export { propagation };

/** The active span's W3C traceparent, or null outside a trace: for a row that CDC will carry on. */
export function currentTraceparent(): string | null {
  return traceHeadersOf().traceparent ?? null;
}
