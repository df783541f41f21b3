export { eventually } from './eventually';
export { PrivateRedis } from './private-redis';
export { OtlpTraceReceiver } from './otlp-trace-receiver';
export type { ReceivedSpan, SpanKindName } from './otlp-trace-receiver';
