import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { Poller } from '@platform/service-kit';
import { RebuildService } from './rebuild.service';

/** How often the projector looks for an active generation: one GET on Redis. */
export const WATCH_INTERVAL_MS = 1_000;

/**
 * Rebuilds the read models whenever none is active, whether or not a change arrives: Redis keeps
 * no data across a restart (by design, the read models are rebuildable), and a quiet platform
 * sends no change that would notice. While Redis is down the rounds fail and are tried again.
 */
@Injectable()
export class GenerationWatchdog implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly poller: Poller;

  constructor(@Inject(RebuildService) generations: Pick<RebuildService, 'ensureActive'>) {
    this.poller = new Poller({
      name: GenerationWatchdog.name,
      intervalMs: WATCH_INTERVAL_MS,
      round: () => generations.ensureActive(),
    });
  }

  onApplicationBootstrap(): void {
    this.poller.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.poller.stop();
  }
}
