import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { SpanKind, trace } from '@opentelemetry/api';
import { closeCodes, topicOf } from '@platform/contracts';
import {
  decodeMessage,
  withConsumerSpan,
  type ConsumerPort,
  type InboundMessage,
  type KafkaClientPort,
} from '@platform/messaging';
import type { Config } from '../config';
import { CONFIG, KAFKA_CLIENT } from '../core/core.tokens';
import { HistoryService, REALTIME_TOPIC } from '../history/history.service';
import { GatewayService } from './gateway.service';
import { realtimeEventOf, type RealtimeEvent } from './realtime.event';

const SESSION_TOPIC = topicOf('SessionRevoked');

/** The consumer group of one instance: every instance reads every partition and serves any channel. */
export const groupIdOf = (instanceId: string): string => `notification-gateway.${instanceId}`;

/**
 * Reads realtime.updates and session.events live. Nothing is committed: an instance always starts
 * at the end, and what a client missed comes from the log through the history service.
 */
@Injectable()
export class GatewayConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(GatewayConsumer.name);
  private readonly tracer = trace.getTracer('notification-gateway');
  private port?: ConsumerPort;
  private groupId = '';
  private running = false;

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(KAFKA_CLIENT) private readonly kafka: KafkaClientPort,
    @Inject(GatewayService) private readonly gateway: GatewayService,
    @Inject(HistoryService) private readonly history: HistoryService,
  ) {}

  get isRunning(): boolean {
    return this.running;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.history.refreshTopicId();
    const groupId = groupIdOf(this.config.gateway.instanceId);
    this.groupId = groupId;
    this.port = await this.kafka.createConsumer({
      clientId: groupId,
      groupId,
      topics: [REALTIME_TOPIC, SESSION_TOPIC],
      fromBeginning: false,
      maxWaitMs: 100,
    });
    await this.port.start({
      onMessages: async (_partition, messages) => {
        for (const message of messages) this.handle(message);
      },
      onAssigned: () => undefined,
      onRevoked: async () => undefined,
    });
    this.running = true;
    this.logger.log(`consuming ${REALTIME_TOPIC}, ${SESSION_TOPIC} as ${groupId}`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    await this.port?.stop();
  }

  /** The fan-out as a span of the projector's trace; the dispatch itself runs synchronously, in order. */
  private traced(message: InboundMessage, event: RealtimeEvent): void {
    const record = {
      message,
      attempt: 1,
      groupId: this.groupId,
      trace: event.trace,
      messageType: event.type,
    };
    withConsumerSpan(record, () => {
      const push = this.tracer.startSpan('websocket push', {
        kind: SpanKind.PRODUCER,
        attributes: { 'realtime.channel': event.channel, 'realtime.event.type': event.type },
      });
      try {
        push.setAttribute('realtime.recipients', this.gateway.dispatch(event));
      } finally {
        push.end();
      }
    }).catch((error: unknown) =>
      this.logger.warn(
        `pushing ${message.topic}/${message.partition}@${message.offset} failed: ${String(error)}`,
      ),
    );
  }

  private handle(message: InboundMessage): void {
    try {
      if (message.topic === REALTIME_TOPIC) {
        const event = realtimeEventOf(message);
        if (event) this.traced(message, event);
        return;
      }
      const decoded = decodeMessage(message);
      const data = decoded.data as { sessionId: string };
      if (decoded.type === 'SessionExpired')
        this.gateway.sessionEnded(data.sessionId, closeCodes.SESSION_EXPIRED);
      else if (decoded.type === 'SessionRevoked')
        this.gateway.sessionEnded(data.sessionId, closeCodes.SESSION_REVOKED);
    } catch (error) {
      this.logger.warn(
        `skipping an undecodable record ${message.topic}/${message.partition}@${message.offset}: ${String(error)}`,
      );
    }
  }
}
