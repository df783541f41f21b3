import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';

/**
 * Whether the consumer runs. `markStarted` is called once the application has initialised,
 * that is after MessagingModule's bootstrap hook started the consumer (a failed start fails the
 * application); shutdown flips it back before the consumer drains.
 */
@Injectable()
export class ConsumerReadiness implements BeforeApplicationShutdown {
  private started = false;

  get isStarted(): boolean {
    return this.started;
  }

  markStarted(): void {
    this.started = true;
  }

  beforeApplicationShutdown(): void {
    this.started = false;
  }
}
