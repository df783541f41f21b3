import { Module, type DynamicModule } from '@nestjs/common';
import { GenerationWatchdog } from '../rebuild/generation.watchdog';
import { RebuildModule } from '../rebuild/rebuild.module';
import { CONSUMER_OPTIONS, ProjectionConsumer, type ConsumerOptions } from './projection.consumer';
import { ProjectionService } from './projection.service';
import { RealtimePublisher } from './realtime.publisher';

@Module({})
export class ProjectionModule {
  static forRoot(options: ConsumerOptions): DynamicModule {
    return {
      module: ProjectionModule,
      imports: [RebuildModule],
      providers: [
        { provide: CONSUMER_OPTIONS, useValue: options },
        RealtimePublisher,
        ProjectionService,
        ProjectionConsumer,
        GenerationWatchdog,
      ],
      exports: [ProjectionConsumer],
    };
  }
}
