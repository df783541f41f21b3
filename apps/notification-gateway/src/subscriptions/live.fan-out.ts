import { Inject, Injectable } from '@nestjs/common';
import { closeCodes } from '@platform/contracts';
import type { Config } from '../config';
import { CONFIG } from '../core/core.tokens';
import { GatewayMetrics } from '../core/gateway.metrics';
import type { RealtimeEvent } from '../gateway/realtime.event';
import { HistoryReader } from '../history/history.reader';
import { frames } from '../protocol/frames';
import type { Subscription } from './subscription';
import { passesFilter } from './subscription.filter';
import { SubscriptionIndex } from './subscription.index';

/**
 * Live records of realtime.updates to the subscriptions they reach. A subscription still catching
 * up holds them until it goes live, so none overtakes its snapshot or replay.
 */
@Injectable()
export class LiveFanOut {
  private readonly index = new SubscriptionIndex();

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(HistoryReader) private readonly history: HistoryReader,
    @Inject(GatewayMetrics) private readonly metrics: GatewayMetrics,
  ) {}

  /** From now on the subscription's live events reach it, held while it catches up. */
  add(subscription: Subscription): void {
    this.index.add(subscription);
    this.metrics.subscriptions.set(this.index.size);
  }

  drop(subscription: Subscription): void {
    subscription.cancelled = true;
    subscription.held.length = 0;
    this.index.remove(subscription);
    this.metrics.subscriptions.set(this.index.size);
  }

  /** Caught up: what was held meanwhile goes out, then live events as they come. */
  goLive(subscription: Subscription): void {
    subscription.catchingUp = false;
    for (const event of subscription.held.splice(0)) this.dispatchTo(subscription, event);
  }

  /**
   * A live record of realtime.updates: to every subscription it reaches, serialized and UTF-8
   * encoded once per subscription name, the same bytes handed to every socket. Returns how many
   * sockets it was handed to.
   */
  dispatch(event: RealtimeEvent): number {
    const framed = new Map<string, Buffer>();
    let recipients = 0;
    const epoch = this.history.epochOf(event.partition);
    for (const subscription of this.index.matching(event.channel)) {
      if (subscription.catchingUp) {
        subscription.held.push(event);
        if (subscription.held.length > this.config.gateway.maxQueued)
          subscription.connection.close(closeCodes.TRY_AGAIN_LATER, 'too many updates while catching up');
        continue;
      }
      if (!subscription.isNew(event) || !passesFilter(subscription.filter, event)) continue;
      let frame = framed.get(subscription.channel);
      if (frame === undefined) {
        frame = Buffer.from(frames.event(subscription.channel, epoch, event));
        framed.set(subscription.channel, frame);
      }
      subscription.deliver(event, frame);
      recipients += 1;
    }
    return recipients;
  }

  private dispatchTo(subscription: Subscription, event: RealtimeEvent): void {
    if (!subscription.isNew(event) || !passesFilter(subscription.filter, event)) return;
    const epoch = this.history.epochOf(event.partition);
    subscription.deliver(event, frames.event(subscription.channel, epoch, event));
  }
}
