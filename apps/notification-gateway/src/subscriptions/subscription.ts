import type { SubscriptionChannel, SubscriptionFilter } from '@platform/contracts';
import type { Outgoing } from '../connections/send.queue';
import type { RealtimeEvent } from '../gateway/realtime.event';
import type { SubscriptionScope } from './channel.matcher';

/** What a subscription needs of the connection it belongs to: a way to send, and to give up on it. */
export interface Subscriber {
  readonly isClosing: boolean;
  send(item: Outgoing): void;
  close(code: number, reason: string): void;
}

/** One subscription of one connection, as the client named it. */
export class Subscription {
  /**
   * Per partition, the end offset read when the subscription started: events at or below it
   * reached the client as a snapshot or a replay, so live ones at or below it are not sent again.
   */
  readonly floors = new Map<number, bigint>();
  /** Live events held while the snapshot or replay is being sent, so none overtakes it. */
  readonly held: RealtimeEvent[] = [];
  catchingUp = true;
  cancelled = false;

  constructor(
    readonly connection: Subscriber,
    readonly channel: SubscriptionChannel,
    readonly scope: SubscriptionScope,
    readonly filter: SubscriptionFilter | undefined,
  ) {}

  /**
   * Seat counts conflate per module and subscription (a removal too: it is the module's last
   * word); registrations never do.
   */
  conflationKeyOf(event: RealtimeEvent): string | undefined {
    return event.type === 'RegistrationStatusChanged' ? undefined : `${this.channel}|${event.channel}`;
  }

  isNew(event: RealtimeEvent): boolean {
    return event.offset > (this.floors.get(event.partition) ?? -1n);
  }

  /** Hands one event, already framed for this subscription, to the connection. */
  deliver(event: RealtimeEvent, frame: string | Buffer): void {
    this.connection.send({
      kind: 'event',
      frame,
      conflationKey: this.conflationKeyOf(event),
      changedAtMs: event.changedAtMs,
    });
  }
}
