import {
  Global,
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { createKafkaClient } from '@platform/messaging';
import { ProjectionStore } from '@platform/read-models';
import { Redis } from 'ioredis';
import type { Config } from '../config';
import { CONFIG, KAFKA_CLIENT } from './core.tokens';
import { ProjectorMetrics } from './projector.metrics';

/** Closes the Redis connection after everything that writes to it has stopped. */
@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(Redis) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** Configuration, Redis, the projection store, the Kafka client and the metrics, for every feature. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: Config): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: CONFIG, useValue: config },
        {
          provide: Redis,
          // Concurrent lanes' applies go to Redis as one pipeline a tick instead of a round trip each.
          useFactory: () =>
            new Redis({ host: config.redis.host, port: config.redis.port, enableAutoPipelining: true }),
        },
        {
          provide: ProjectionStore,
          inject: [Redis],
          useFactory: (redis: Redis) => new ProjectionStore(redis),
        },
        {
          provide: KAFKA_CLIENT,
          useFactory: () => createKafkaClient(config.kafka.client, config.kafka),
        },
        { provide: ProjectorMetrics, useFactory: () => ProjectorMetrics.of() },
        RedisCloser,
      ],
      exports: [CONFIG, Redis, ProjectionStore, KAFKA_CLIENT, ProjectorMetrics],
    };
  }
}
