import {
  Global,
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  createKafkaClient,
  PlatformaticPartitionReader,
  type PartitionReaderPort,
} from '@platform/messaging';
import { ReadModelReader } from '@platform/read-models';
import { HealthModule } from '@platform/service-kit';
import { SessionTokenVerifier } from '@platform/session-tokens';
import { Redis } from 'ioredis';
import type { Config } from './config';
import { ConnectionRegistry } from './connections/connection.registry';
import { CONFIG, KAFKA_CLIENT, PARTITION_READER } from './core/core.tokens';
import { GatewayMetrics } from './core/gateway.metrics';
import { GatewayConsumer } from './gateway/gateway.consumer';
import { CatchUpService } from './history/catch-up.service';
import { HistoryReader } from './history/history.reader';
import { ProtocolRouter } from './protocol/protocol.router';
import { WebSocketServerHost } from './server/websocket.server';
import { SessionAdmission } from './sessions/session.admission';
import { SessionEventsConsumer } from './sessions/session-events.consumer';
import { SessionRegistry } from './sessions/session.registry';
import { LiveFanOut } from './subscriptions/live.fan-out';

/** Closes Redis and the partition reader after everything that uses them has stopped. */
@Injectable()
class ClientsCloser implements OnApplicationShutdown {
  constructor(
    @Inject(Redis) private readonly redis: Redis,
    @Inject(PARTITION_READER) private readonly reader: PartitionReaderPort,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.reader.close().catch(() => undefined);
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** Configuration, Redis, Kafka, the token verifier and the metrics. */
@Global()
@Module({})
class CoreModule {
  static forRoot(config: Config): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: Redis, useFactory: () => new Redis({ host: config.redis.host, port: config.redis.port }) },
        {
          provide: ReadModelReader,
          inject: [Redis],
          useFactory: (redis: Redis) => new ReadModelReader(redis),
        },
        {
          provide: KAFKA_CLIENT,
          useFactory: () => createKafkaClient(config.kafka.client, config.kafka),
        },
        {
          // History reads go through @platformatic/kafka whatever KAFKA_CLIENT says: only it has a reader.
          provide: PARTITION_READER,
          useFactory: () =>
            new PlatformaticPartitionReader({
              clientId: `notification-gateway.${config.gateway.instanceId}.history`,
              ...config.kafka,
            }),
        },
        {
          provide: SessionTokenVerifier,
          useFactory: () =>
            SessionTokenVerifier.fromPem(config.jwt.publicKeyPem, {
              issuer: config.jwt.issuer,
              audience: config.jwt.audience,
            }),
        },
        { provide: GatewayMetrics, useFactory: () => GatewayMetrics.of() },
        ClientsCloser,
      ],
      exports: [
        CONFIG,
        Redis,
        ReadModelReader,
        KAFKA_CLIENT,
        PARTITION_READER,
        SessionTokenVerifier,
        GatewayMetrics,
      ],
    };
  }
}

@Module({
  providers: [
    HistoryReader,
    CatchUpService,
    ConnectionRegistry,
    LiveFanOut,
    ProtocolRouter,
    GatewayConsumer,
    { provide: SessionRegistry, useFactory: () => new SessionRegistry() },
    SessionAdmission,
    SessionEventsConsumer,
    WebSocketServerHost,
  ],
  exports: [ConnectionRegistry, GatewayConsumer, SessionEventsConsumer],
})
class GatewayModule {}

@Module({})
export class AppModule {
  static forRoot(config: Config): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config),
        GatewayModule,
        HealthModule.forRoot({
          imports: [GatewayModule],
          inject: [Redis, GatewayConsumer, SessionEventsConsumer],
          checks: (redis: Redis, consumer: GatewayConsumer, sessions: SessionEventsConsumer) => ({
            redis: () => redis.ping(),
            sessions: () => sessions.isComplete,
            consumer: () => consumer.isRunning,
          }),
        }),
      ],
    };
  }
}
