import { Module, type DynamicModule } from '@nestjs/common';
import { MessagingModule, type MessagingModuleOptions } from '@platform/messaging';
import { ProjectionStore } from '@platform/read-models';
import { HealthModule } from '@platform/service-kit';
import { Redis } from 'ioredis';
import type { Config } from './config';
import { CoreModule } from './core/core.module';
import { SERVICE } from './core/core.tokens';
import { ProjectionModule } from './projection/projection.module';
import { RebuildModule } from './rebuild/rebuild.module';

/** What a test may change about the consumer: its own group beside a running projector, quicker retries. */
export type ConsumerOverrides = Pick<MessagingModuleOptions, 'groupId' | 'fromBeginning' | 'retry'>;

@Module({})
export class AppModule {
  static forRoot(config: Config, overrides: ConsumerOverrides = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config),
        RebuildModule,
        // The CDC topics of the consumer-group catalog; a group without offsets replays their
        // compacted truth from the beginning.
        MessagingModule.forRoot({ service: SERVICE, ...config.kafka, fromBeginning: true, ...overrides }),
        ProjectionModule,
        HealthModule.forRoot({
          consumer: true,
          inject: [Redis, ProjectionStore],
          checks: (redis: Redis, store: ProjectionStore) => ({
            redis: () => redis.ping(),
            readModel: async () => {
              if (!(await store.activeGeneration())) throw new Error('no read-model generation is active');
            },
          }),
        }),
      ],
    };
  }
}

/** Only what a rebuild needs, for the CLI: no live consumer, no HTTP. */
@Module({})
export class RebuildCliModule {
  static forRoot(config: Config): DynamicModule {
    return { module: RebuildCliModule, imports: [CoreModule.forRoot(config), RebuildModule] };
  }
}
