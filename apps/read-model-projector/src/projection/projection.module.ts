import { Module } from '@nestjs/common';
import { GenerationWatchdog } from '../rebuild/generation.watchdog';
import { RebuildModule } from '../rebuild/rebuild.module';
import { ProjectionHandlers } from './projection.handlers';
import { ProjectionService } from './projection.service';
import { RealtimePublisher } from './realtime.publisher';

@Module({
  imports: [RebuildModule],
  providers: [RealtimePublisher, ProjectionService, ProjectionHandlers, GenerationWatchdog],
})
export class ProjectionModule {}
