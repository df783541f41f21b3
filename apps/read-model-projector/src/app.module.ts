import { Module, type DynamicModule } from '@nestjs/common';
import { ProjectionStore } from '@platform/read-models';
import { HealthModule } from '@platform/service-kit';
import { Redis } from 'ioredis';
import type { Config } from './config';
import { CoreModule } from './core/core.module';
import { GROUP_ID, ProjectionConsumer, type ConsumerOptions } from './projection/projection.consumer';
import { ProjectionModule } from './projection/projection.module';
import { RebuildModule } from './rebuild/rebuild.module';

@Module({})
export class AppModule {
  /** The overrides are for tests that run their own consumer group beside a running projector. */
  static forRoot(config: Config, overrides: Partial<ConsumerOptions> = {}): DynamicModule {
    const projection = ProjectionModule.forRoot({
      groupId: GROUP_ID,
      fromBeginning: true,
      ...overrides,
    });
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config),
        RebuildModule,
        projection,
        HealthModule.forRoot({
          imports: [projection],
          inject: [Redis, ProjectionStore, ProjectionConsumer],
          checks: (redis: Redis, store: ProjectionStore, consumer: ProjectionConsumer) => ({
            redis: () => redis.ping(),
            readModel: async () => {
              if (!(await store.activeGeneration())) throw new Error('no read-model generation is active');
            },
            consumer: () => consumer.isRunning,
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
