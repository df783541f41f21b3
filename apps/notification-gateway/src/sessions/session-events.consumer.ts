import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { closeCodes } from '@platform/contracts';
import type { InboundMessage, KafkaClientPort, TopicPartitionOffset } from '@platform/messaging';
import type { Config } from '../config';
import { LiveConsumer } from '../consumers/live.consumer';
import { CONFIG, KAFKA_CLIENT } from '../core/core.tokens';
import { GatewayMetrics } from '../core/gateway.metrics';
import { ConnectionRegistry } from '../connections/connection.registry';
import { SESSION_TOPIC, sessionEventOf, type SessionEvent } from './session.event';
import { SessionRegistry } from './session.registry';

/** A group of its own: this one reads session.events from the beginning on every start. */
export const sessionGroupIdOf = (instanceId: string): string => `notification-gateway.${instanceId}.sessions`;

// The registry is complete once the runtime reports the end offsets reached; report often.
const progressIntervalMs = 50;

/**
 * Builds the session registry from session.events: the whole retained log (a day, against
 * sessions of fifteen minutes) on every start, before the gateway serves anyone, then live. Ended
 * sessions also close their sockets.
 */
@Injectable()
export class SessionEventsConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SessionEventsConsumer.name);
  private consumer?: LiveConsumer<SessionEvent | undefined>;
  private complete = false;

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(KAFKA_CLIENT) private readonly kafka: KafkaClientPort,
    @Inject(SessionRegistry) private readonly registry: SessionRegistry,
    @Inject(ConnectionRegistry) private readonly connections: ConnectionRegistry,
    @Inject(GatewayMetrics) private readonly metrics: GatewayMetrics,
  ) {}

  /** True once every session event that existed at start is in the registry, until shutdown. */
  get isComplete(): boolean {
    return this.complete;
  }

  async onApplicationBootstrap(): Promise<void> {
    const startedAt = Date.now();
    const groupId = sessionGroupIdOf(this.config.gateway.instanceId);
    const ends = await this.endOffsets();
    const consumer = await LiveConsumer.start({
      kafka: this.kafka,
      groupId,
      topic: SESSION_TOPIC,
      fromBeginning: true,
      decode: (message) => this.decodeUnlessSeenBefore(message, ends),
      process: async (event) => {
        if (event) this.apply(event);
      },
      metrics: this.metrics.messaging,
      progressIntervalMs,
    });
    this.consumer = consumer;
    await consumer.reached(ends);
    this.complete = true;
    this.logger.log(
      `consuming ${SESSION_TOPIC} as ${groupId}: ${this.registry.size} sessions known ` +
        `after reading the log in ${Date.now() - startedAt} ms`,
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.complete = false;
    await this.consumer?.stop();
  }

  /**
   * Poison from before this start is skipped, not dead-lettered again: the instance that read it
   * live parked it then, and every start re-reads the whole log. Poison that arrives from now on
   * is dead-lettered as usual.
   */
  private decodeUnlessSeenBefore(
    message: InboundMessage,
    ends: TopicPartitionOffset[],
  ): SessionEvent | undefined {
    try {
      return sessionEventOf(message);
    } catch (error) {
      const end = ends.find((candidate) => candidate.partition === message.partition);
      if (end === undefined || BigInt(message.offset) >= BigInt(end.offset)) throw error;
      this.metrics.historicalPoisonSkipped.inc();
      return undefined;
    }
  }

  private apply(event: SessionEvent): void {
    switch (event.type) {
      case 'SessionCreated':
        this.registry.created({ ...event.data, expiresAt: new Date(event.data.expiresAt) });
        return;
      case 'SessionRevoked':
        this.registry.ended(event.data.sessionId, 'revoked');
        this.connections.sessionEnded(event.data.sessionId, closeCodes.SESSION_REVOKED);
        return;
      case 'SessionExpired':
        this.registry.ended(event.data.sessionId, 'expired');
        this.connections.sessionEnded(event.data.sessionId, closeCodes.SESSION_EXPIRED);
        return;
    }
  }

  /** The end of each partition that holds records now: the registry is complete when all are read. */
  private async endOffsets(): Promise<TopicPartitionOffset[]> {
    const admin = await this.kafka.createAdmin({
      clientId: `${sessionGroupIdOf(this.config.gateway.instanceId)}-bounds`,
    });
    try {
      const [starts, ends] = await Promise.all([
        admin.earliestOffsets(SESSION_TOPIC),
        admin.latestOffsets(SESSION_TOPIC),
      ]);
      const startOf = new Map(starts.map(({ partition, offset }) => [partition, BigInt(offset)]));
      return ends.filter(({ partition, offset }) => BigInt(offset) > (startOf.get(partition) ?? 0n));
    } finally {
      await admin.close();
    }
  }
}
