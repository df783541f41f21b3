import { Logger } from '@nestjs/common';

export interface PollerOptions {
  /** Named in the log lines. */
  name: string;
  intervalMs: number;
  /** One round of work; returning `true` means more is due now, so the next round starts at once. */
  round: () => Promise<boolean | void>;
  /** A failing round is logged once, then every this often while it keeps failing. */
  repeatFailureLogMs?: number;
}

/**
 * Runs a round of background work, `intervalMs` after the last one ended (rounds never overlap).
 * A failed round is retried after the interval; an outage is logged when it starts, now and then
 * while it lasts, and when it ends, rather than once a round. `stop` waits for the running round.
 */
export class Poller {
  private readonly logger: Logger;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private failingSince: number | undefined;
  private lastFailureLogAt = 0;

  constructor(private readonly options: PollerOptions) {
    this.logger = new Logger(options.name);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runRound().then((again) => {
        this.running = undefined;
        this.schedule(again ? 0 : this.options.intervalMs);
      });
    }, delayMs);
  }

  private async runRound(): Promise<boolean> {
    try {
      const again = (await this.options.round()) === true;
      if (this.failingSince !== undefined) {
        this.logger.log(
          `recovered after ${Math.round((Date.now() - this.failingSince) / 1000)} s of failures`,
        );
        this.failingSince = undefined;
      }
      return again;
    } catch (error) {
      this.logFailure(error);
      return false;
    }
  }

  private logFailure(error: unknown): void {
    const now = Date.now();
    const message = error instanceof Error ? error.message : String(error);
    if (this.failingSince === undefined) {
      this.failingSince = now;
      this.lastFailureLogAt = now;
      this.logger.error(`round failed: ${message}`);
    } else if (now - this.lastFailureLogAt >= (this.options.repeatFailureLogMs ?? 30_000)) {
      this.lastFailureLogAt = now;
      this.logger.error(`still failing for ${Math.round((now - this.failingSince) / 1000)} s: ${message}`);
    }
  }
}
