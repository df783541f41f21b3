import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DependencyUnavailableError } from '@platform/messaging';
import { ProjectionStore } from '@platform/read-models';
import type { CdcChange } from '../cdc/cdc.decoder';
import { committedAtMs, projectionOf } from '../cdc/cdc.projection';
import { ProjectorMetrics } from '../core/projector.metrics';
import { RebuildService } from '../rebuild/rebuild.service';
import { RealtimePublisher } from './realtime.publisher';
import { realtimeUpdateOf } from './realtime.updates';

/**
 * Applies one row change to every writable read-model generation, then tells browsers. The update
 * goes out also when the change was already applied: a crash may have fallen between the write
 * and the send, and a redelivery is the only chance to send it.
 */
@Injectable()
export class ProjectionService implements OnModuleInit {
  constructor(
    @Inject(ProjectionStore) private readonly store: Pick<ProjectionStore, 'apply'>,
    @Inject(RealtimePublisher) private readonly publisher: Pick<RealtimePublisher, 'publish'>,
    @Inject(ProjectorMetrics) private readonly metrics: Pick<ProjectorMetrics, 'projected'>,
    @Inject(RebuildService) private readonly generations: Pick<RebuildService, 'ensureActive'>,
  ) {}

  /** Readers get a whole model before live changes arrive on an empty Redis (before the consumer starts). */
  async onModuleInit(): Promise<void> {
    await this.generations.ensureActive();
  }

  async project(change: CdcChange): Promise<void> {
    if (change.kind === 'tombstone') return;
    const projection = projectionOf(change);
    let result = await this.store.apply('writable', projection);
    if (result.outcome === undefined) {
      // No generation at all (a fresh or flushed Redis): build one from the compacted topics,
      // which hold this change too, then apply it again to learn what readers now see.
      await this.generations.ensureActive();
      result = await this.store.apply('writable', projection);
    }
    // Another instance's rebuild or a Redis restart: the change waits for a generation, however long.
    if (result.outcome === undefined)
      throw new DependencyUnavailableError('the read model', 'no writable generation');

    const committedAt = committedAtMs(change);
    this.metrics.projected(projection.model, result.outcome, committedAt);
    // An older version than what readers see must not reach them: it would move their counts back.
    if (result.outcome === 'stale') return;
    const update = realtimeUpdateOf(projection, committedAt);
    if (update) await this.publisher.publish(update);
  }
}
