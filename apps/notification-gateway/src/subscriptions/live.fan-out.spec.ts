import { closeCodes, type SubscriptionChannel, type SubscriptionFilter } from '@platform/contracts';
import { Registry } from 'prom-client';
import { loadConfig } from '../config';
import { claimsOf, fakeConnection, type FakeConnection } from '../connections/connection.fake';
import type { Outgoing } from '../connections/send.queue';
import { GatewayMetrics } from '../core/gateway.metrics';
import type { RealtimeEvent } from '../gateway/realtime.event';
import { fakeHistory } from '../history/history.fake';
import { scopeOf } from './channel.matcher';
import { LiveFanOut } from './live.fan-out';
import { Subscription } from './subscription';

const config = loadConfig({ JWT_PUBLIC_KEY: 'unused in this spec' });

const seatEvent = (available: number, offset: bigint): RealtimeEvent => ({
  channel: 'module:CS101',
  partition: 0,
  offset,
  type: 'SeatAvailableChanged',
  time: '2026-11-25T12:00:00.000Z',
  data: { moduleId: 'CS101', available },
  changedAtMs: 0,
  trace: {},
});

function fanOutOf(maxQueued = config.gateway.maxQueued) {
  const metrics = GatewayMetrics.of(new Registry());
  const settings = { ...config, gateway: { ...config.gateway, maxQueued } };
  return { fanOut: new LiveFanOut(settings, fakeHistory(), metrics), metrics };
}

const subscriptionOf = (
  connection: FakeConnection,
  channel: SubscriptionChannel,
  filter?: SubscriptionFilter,
) => new Subscription(connection, channel, scopeOf(channel, connection.claims.studentId), filter);

const events = (connection: { sent: Outgoing[] }) => connection.sent.filter((item) => item.kind === 'event');
const offsetsOf = (connection: FakeConnection) =>
  events(connection).map((item) => JSON.parse(item.frame.toString()).offset as string);

describe(LiveFanOut.name, () => {
  /** Added, then caught up at once as over empty partitions: the floor is offset 0. */
  const live = (fanOut: LiveFanOut, subscription: Subscription) => {
    subscription.floors.set(0, 0n);
    fanOut.add(subscription);
    fanOut.goLive(subscription);
    return subscription;
  };

  it('encodes an event once per subscription name and hands every subscriber the same bytes', () => {
    const { fanOut } = fanOutOf();
    const [a, b, c] = ['a', 'b', 'c'].map((id) => fakeConnection(claimsOf(id))) as [
      FakeConnection,
      FakeConnection,
      FakeConnection,
    ];
    live(fanOut, subscriptionOf(a, 'modules'));
    live(fanOut, subscriptionOf(b, 'modules'));
    live(fanOut, subscriptionOf(c, 'modules', { availableAtMost: 1 }));

    expect(fanOut.dispatch(seatEvent(3, 5n))).toBe(2);

    expect(events(a)).toHaveLength(1);
    expect(events(b)[0]!.frame).toBe(events(a)[0]!.frame);
    expect(events(a)[0]!.conflationKey).toBe('modules|module:CS101');
    expect(events(c)).toHaveLength(0);
  });

  it('holds live events while a subscription catches up, then sends those above its floor in order', () => {
    const { fanOut } = fanOutOf();
    const connection = fakeConnection(claimsOf('d'));
    const subscription = subscriptionOf(connection, 'modules:CS101');
    fanOut.add(subscription);
    for (const offset of [2n, 4n, 5n]) expect(fanOut.dispatch(seatEvent(1, offset))).toBe(0);
    expect(connection.sent).toEqual([]);

    subscription.floors.set(0, 3n);
    fanOut.goLive(subscription);
    expect(offsetsOf(connection)).toEqual(['4', '5']);
    expect(subscription.held).toEqual([]);

    fanOut.dispatch(seatEvent(0, 6n));
    expect(offsetsOf(connection)).toEqual(['4', '5', '6']);
  });

  it('closes 1013 a connection that gets more updates while catching up than it may queue', () => {
    const { fanOut } = fanOutOf(2);
    const connection = fakeConnection(claimsOf('e'));
    fanOut.add(subscriptionOf(connection, 'modules'));
    fanOut.dispatch(seatEvent(3, 1n));
    fanOut.dispatch(seatEvent(2, 2n));
    expect(connection.close).not.toHaveBeenCalled();
    fanOut.dispatch(seatEvent(1, 3n));
    expect(connection.close).toHaveBeenCalledWith(
      closeCodes.TRY_AGAIN_LATER,
      'too many updates while catching up',
    );
  });

  it('sends a dropped subscription nothing, discards what it held, and counts what is left', async () => {
    const { fanOut, metrics } = fanOutOf();
    const connection = fakeConnection(claimsOf('f'));
    const kept = live(fanOut, subscriptionOf(connection, 'modules'));
    const dropped = subscriptionOf(connection, 'modules:CS101');
    fanOut.add(dropped);
    fanOut.dispatch(seatEvent(3, 1n));
    expect((await metrics.subscriptions.get()).values[0]?.value).toBe(2);

    fanOut.drop(dropped);
    expect(dropped.cancelled).toBe(true);
    expect(dropped.held).toEqual([]);
    expect((await metrics.subscriptions.get()).values[0]?.value).toBe(1);
    expect(fanOut.dispatch(seatEvent(2, 2n))).toBe(1);
    expect(events(connection).map((item) => JSON.parse(item.frame.toString()).subscription)).toEqual([
      kept.channel,
      kept.channel,
    ]);
  });

  it('sends a registration event only to its own student’s subscription, never conflated', () => {
    const { fanOut } = fanOutOf();
    const mine = fakeConnection(claimsOf('g'));
    const theirs = fakeConnection(claimsOf('h'));
    live(fanOut, subscriptionOf(mine, 'registrations:me'));
    live(fanOut, subscriptionOf(theirs, 'registrations:me'));

    fanOut.dispatch({
      channel: 'student:g',
      partition: 0,
      offset: 1n,
      type: 'RegistrationStatusChanged',
      time: '2026-11-25T12:00:00.000Z',
      data: { registrationId: 'r-1', status: 'COMPLETED' },
      changedAtMs: 0,
      trace: {},
    });

    expect(events(mine)).toHaveLength(1);
    expect(events(mine)[0]!.conflationKey).toBeUndefined();
    expect(events(theirs)).toEqual([]);
  });
});
