import {
  Inject,
  Injectable,
  Optional,
  type BeforeApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Subscription } from 'rxjs';

/**
 * Whether the consumer runs. It is marked started when the application starts listening, which
 * Nest does only after every bootstrap hook ran, MessagingModule's start of the consumer among
 * them (a failed start fails the application); shutdown flips it back before the consumer drains.
 * An application context without HTTP calls `markStarted` itself.
 */
@Injectable()
export class ConsumerReadiness implements OnModuleInit, BeforeApplicationShutdown {
  private started = false;
  private listening?: Subscription;

  constructor(@Optional() @Inject(HttpAdapterHost) private readonly http?: HttpAdapterHost) {}

  get isStarted(): boolean {
    return this.started;
  }

  onModuleInit(): void {
    this.listening = this.http?.listen$.subscribe(() => this.markStarted());
  }

  markStarted(): void {
    this.started = true;
  }

  beforeApplicationShutdown(): void {
    this.listening?.unsubscribe();
    this.started = false;
  }
}
