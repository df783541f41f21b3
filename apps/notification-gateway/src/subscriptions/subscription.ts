import type { SubscriptionChannel, SubscriptionFilter } from '@platform/contracts';
import type { Connection } from '../connections/connection';
import type { RealtimeEvent } from '../gateway/realtime.event';
import type { SubscriptionScope } from './channel.matcher';

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
    readonly connection: Connection,
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
}
