import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { Poller } from '@platform/service-kit';
import { RegistrationSagaService } from './registration.service';

export const DEADLINE_POLL_INTERVAL_MS = Symbol('DEADLINE_POLL_INTERVAL_MS');

/** Deadlines fired per round; a full round means more may be due, so the next starts at once. */
const DEADLINES_PER_ROUND = 100;

/**
 * Feeds DeadlineElapsed to sagas whose deadline has passed. Deadlines are rows, so one set before
 * a restart fires after it; several instances share the work through SKIP LOCKED. Shutdown stops
 * the loop and waits for the running round, before the pool closes.
 */
@Injectable()
export class DeadlinePoller implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly poller: Poller;

  constructor(
    @Inject(RegistrationSagaService) saga: Pick<RegistrationSagaService, 'fireDueDeadlines'>,
    @Inject(DEADLINE_POLL_INTERVAL_MS) intervalMs: number,
  ) {
    this.poller = new Poller({
      name: DeadlinePoller.name,
      intervalMs,
      round: async () =>
        (await saga.fireDueDeadlines(new Date(), DEADLINES_PER_ROUND)) === DEADLINES_PER_ROUND,
    });
  }

  onApplicationBootstrap(): void {
    this.poller.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.poller.stop();
  }
}
