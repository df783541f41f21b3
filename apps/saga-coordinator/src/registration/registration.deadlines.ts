import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { RegistrationSagaService } from './registration.service';

export const DEADLINE_POLL_INTERVAL_MS = Symbol('DEADLINE_POLL_INTERVAL_MS');

/**
 * Feeds DeadlineElapsed to sagas whose deadline has passed. Deadlines are rows, so one set before
 * a restart fires after it; several instances share the work through SKIP LOCKED. Shutdown stops
 * the loop and waits for the running round, before the pool closes.
 */
@Injectable()
export class DeadlinePoller implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DeadlinePoller.name);
  private timer?: NodeJS.Timeout;
  private round?: Promise<void>;
  private stopped = false;

  constructor(
    @Inject(RegistrationSagaService) private readonly saga: Pick<RegistrationSagaService, 'fireDueDeadlines'>,
    @Inject(DEADLINE_POLL_INTERVAL_MS) private readonly intervalMs: number,
  ) {}

  onApplicationBootstrap(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.round;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.round = this.poll().then((next) => this.schedule(next));
    }, delayMs);
  }

  /** One round; returns the delay before the next (none while a full batch suggests more are due). */
  private async poll(): Promise<number> {
    const limit = 100;
    try {
      const found = await this.saga.fireDueDeadlines(new Date(), limit);
      return found === limit ? 0 : this.intervalMs;
    } catch (error) {
      this.logger.error(`deadline round failed: ${error instanceof Error ? error.message : String(error)}`);
      return this.intervalMs;
    }
  }
}
