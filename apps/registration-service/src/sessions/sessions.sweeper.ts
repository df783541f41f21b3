import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { SessionsService } from './sessions.service';

export const SWEEP_INTERVAL_MS = Symbol('SWEEP_INTERVAL_MS');

/** Every interval, announces the sessions whose tokens lapsed (SessionExpired). */
@Injectable()
export class SessionsSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SessionsSweeper.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    @Inject(SessionsService) private readonly sessions: SessionsService,
    @Inject(SWEEP_INTERVAL_MS) private readonly intervalMs: number,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.sweep().finally(() => (this.running = undefined));
    }, this.intervalMs);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async sweep(): Promise<void> {
    try {
      const expired = await this.sessions.expireLapsed();
      if (expired > 0) this.logger.log(`${expired} session(s) expired`);
    } catch (error) {
      this.logger.error(`session sweep failed: ${(error as Error).message}`);
    }
  }
}
