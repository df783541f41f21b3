import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { SpanKind, trace } from '@opentelemetry/api';
import { withConsumerSpan, type KafkaClientPort, type MessageContext } from '@platform/messaging';
import type { Config } from '../config';
import { LiveConsumer } from '../consumers/live.consumer';
import { CONFIG, KAFKA_CLIENT } from '../core/core.tokens';
import { GatewayMetrics } from '../core/gateway.metrics';
import { HistoryReader, REALTIME_TOPIC } from '../history/history.reader';
import { LiveFanOut } from '../subscriptions/live.fan-out';
import { realtimeEventOf, type RealtimeEvent } from './realtime.event';

/** The consumer group of one instance: every instance reads every partition and serves any channel. */
export const groupIdOf = (instanceId: string): string => `notification-gateway.${instanceId}`;

/**
 * Reads realtime.updates live, from the end: what a client missed comes from the log through the
 * history service, never from the group.
 */
@Injectable()
export class GatewayConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(GatewayConsumer.name);
  private readonly tracer = trace.getTracer('notification-gateway');
  private consumer?: LiveConsumer<RealtimeEvent>;
  private running = false;

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(KAFKA_CLIENT) private readonly kafka: KafkaClientPort,
    @Inject(LiveFanOut) private readonly fanOut: LiveFanOut,
    @Inject(HistoryReader) private readonly history: HistoryReader,
    @Inject(GatewayMetrics) private readonly metrics: GatewayMetrics,
  ) {}

  get isRunning(): boolean {
    return this.running;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.history.refreshTopicId();
    const groupId = groupIdOf(this.config.gateway.instanceId);
    this.consumer = await LiveConsumer.start({
      kafka: this.kafka,
      groupId,
      topic: REALTIME_TOPIC,
      fromBeginning: false,
      decode: realtimeEventOf,
      process: (event, context) => this.push(groupId, event, context),
      metrics: this.metrics.messaging,
    });
    this.running = true;
    this.logger.log(`consuming ${REALTIME_TOPIC} as ${groupId}`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    await this.consumer?.stop();
  }

  /** The fan-out as a span of the projector's trace; the dispatch itself is synchronous. */
  private async push(
    groupId: string,
    event: RealtimeEvent,
    { message, attempt }: MessageContext,
  ): Promise<void> {
    const record = { message, attempt, groupId, trace: event.trace, messageType: event.type };
    await withConsumerSpan(record, () => {
      const push = this.tracer.startSpan('websocket push', {
        kind: SpanKind.PRODUCER,
        attributes: { 'realtime.channel': event.channel, 'realtime.event.type': event.type },
      });
      try {
        push.setAttribute('realtime.recipients', this.fanOut.dispatch(event));
      } finally {
        push.end();
      }
    });
  }
}
