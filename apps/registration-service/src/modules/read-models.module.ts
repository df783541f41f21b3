import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { ReadModelReader } from '@platform/read-models';
import { Redis } from 'ioredis';
import type { Config } from '../config';

/** The Redis connection the read models live on, and the reader over it. */
@Global()
@Module({})
export class ReadModelsModule implements OnApplicationShutdown {
  constructor(@Inject(Redis) private readonly redis: Redis) {}

  static forRoot(config: Pick<Config, 'redis'>): DynamicModule {
    return {
      module: ReadModelsModule,
      providers: [
        {
          provide: Redis,
          useFactory: () =>
            new Redis({ host: config.redis.host, port: config.redis.port, maxRetriesPerRequest: 2 }),
        },
        {
          provide: ReadModelReader,
          useFactory: (redis: Redis) => new ReadModelReader(redis),
          inject: [Redis],
        },
      ],
      exports: [Redis, ReadModelReader],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
