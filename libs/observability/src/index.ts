export { contextFromTraceHeaders, currentTraceparent, traceHeadersOf } from './trace-context';
export type { TraceHeaders } from './trace-context';
export { startTracing } from './tracing';
export type { TracingOptions } from './tracing';
export { startServiceTracing } from './service-tracing';
export { onePerRegistry } from './per-registry';
