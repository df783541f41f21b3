import type { StreamPosition, SubscriptionChannel, SubscriptionFilter } from '@platform/contracts';
import type { ModuleSeatsView, RegistrationView } from '@platform/read-models';
import { claimsOf, fakeConnection, framesOf, type FakeConnection } from '../connections/connection.fake';
import type { RealtimeEvent } from '../gateway/realtime.event';
import { scopeOf } from '../subscriptions/channel.matcher';
import { Subscription } from '../subscriptions/subscription';
import { CatchUpService } from './catch-up.service';
import { fakeHistory } from './history.fake';

// Partition 0 holds offsets 3 to 10 of both modules; its end, 10, is where a subscription starts.
const position = { epoch: 'topic:0', start: 2n, end: 10n };

const seatEvent = (moduleId: string, offset: bigint): RealtimeEvent => ({
  channel: `module:${moduleId}`,
  partition: 0,
  offset,
  type: 'SeatAvailableChanged',
  time: '2026-11-25T12:00:00.000Z',
  data: { moduleId, available: Number(offset) },
  changedAtMs: 0,
  trace: {},
});
const log = [3n, 4n, 5n, 6n, 7n, 8n, 9n, 10n].flatMap((offset) => [
  seatEvent('CS101', offset),
  seatEvent('MA201', offset),
]);

const view = (moduleId: string, available: number): ModuleSeatsView => ({
  moduleId,
  title: `${moduleId} title`,
  capacity: 30,
  reserved: 30 - available,
  confirmed: 0,
  available,
  fee: { amountCents: 10_000, currency: 'EUR' },
  version: 7,
  updatedAt: '2026-11-25T12:00:00.000Z',
});
const views = [view('CS101', 4), view('MA201', 1)];

const registration = (registrationId: string, status: RegistrationView['status'], reason?: 'NO_SEAT') => ({
  registrationId,
  studentId: 's-1',
  moduleId: 'CS101',
  status,
  ...(reason ? { reason } : {}),
  version: 3,
  updatedAt: '2026-11-25T12:00:00.000Z',
});
const registrations = [registration('r-1', 'PENDING'), registration('r-2', 'CANCELLED', 'NO_SEAT')];

const catchUp = new CatchUpService(fakeHistory({ position, log, views, registrations }));

async function caughtUp(
  channel: SubscriptionChannel,
  resume: Record<string, StreamPosition> = {},
  filter?: SubscriptionFilter,
  connection: FakeConnection = fakeConnection(claimsOf('s-1')),
) {
  const subscription = new Subscription(connection, channel, scopeOf(channel, 's-1'), filter);
  await catchUp.catchUp(subscription, resume);
  const sent = framesOf(connection) as { type: string; channel: string; offset: string; epoch: string }[];
  return { subscription, connection, sent };
}

describe(CatchUpService.name, () => {
  it('starts a subscription at the end of its partitions: live events up to there are not new', async () => {
    const { subscription } = await caughtUp('modules:CS101');
    expect(subscription.floors.get(0)).toBe(10n);
    expect(subscription.isNew(seatEvent('CS101', 10n))).toBe(false);
    expect(subscription.isNew(seatEvent('CS101', 11n))).toBe(true);
  });

  it('replays a resume the log still holds, then snapshots the channels it did not replay', async () => {
    const { connection, sent } = await caughtUp('modules', {
      'module:CS101': { epoch: 'topic:0', offset: '6' },
    });
    expect(sent.map(({ type, channel, offset }) => [type, channel, offset])).toEqual([
      ['event', 'module:CS101', '7'],
      ['event', 'module:CS101', '8'],
      ['event', 'module:CS101', '9'],
      ['event', 'module:CS101', '10'],
      ['snapshot', 'module:MA201', '10'],
    ]);
    expect(connection.sent[0]).toMatchObject({ kind: 'event', conflationKey: 'modules|module:CS101' });
    expect(connection.sent[4]).toMatchObject({
      kind: 'snapshot',
      beyondLimit: true,
      conflationKey: 'modules|module:MA201',
    });
  });

  it.each([
    ['of another epoch', { epoch: 'recreated:0', offset: '6' }],
    ['below the log start', { epoch: 'topic:0', offset: '1' }],
    ['past the end', { epoch: 'topic:0', offset: '11' }],
  ])('answers a resume %s with a snapshot at the end', async (_what, resume) => {
    const { sent } = await caughtUp('modules:CS101', { 'module:CS101': resume });
    expect(sent).toEqual([
      {
        type: 'snapshot',
        subscription: 'modules:CS101',
        channel: 'module:CS101',
        epoch: 'topic:0',
        offset: '10',
        seats: [
          {
            moduleId: 'CS101',
            title: 'CS101 title',
            capacity: 30,
            reserved: 26,
            confirmed: 0,
            available: 4,
            version: 7,
          },
        ],
      },
    ]);
  });

  it('ignores a resume of a channel outside the subscription', async () => {
    const { sent } = await caughtUp('modules:CS101', { 'module:MA201': { epoch: 'topic:0', offset: '6' } });
    expect(sent.map(({ type, channel }) => [type, channel])).toEqual([['snapshot', 'module:CS101']]);
  });

  it('filters the replay and the snapshots alike', async () => {
    const { sent } = await caughtUp(
      'modules',
      {
        'module:CS101': { epoch: 'topic:0', offset: '1' },
        'module:MA201': { epoch: 'topic:0', offset: '2' },
      },
      { availableAtMost: 4 },
    );
    // CS101 cannot be replayed from offset 1 (below the start): its snapshot has 4 seats, which pass.
    expect(sent.map(({ type, channel, offset }) => [type, channel, offset])).toEqual([
      ['event', 'module:MA201', '3'],
      ['event', 'module:MA201', '4'],
      ['snapshot', 'module:CS101', '10'],
    ]);
  });

  it('snapshots a module the read model does not know with no seats, unless no seat counts are wanted', async () => {
    const unknown = await caughtUp('modules:XX999');
    expect(unknown.sent).toMatchObject([{ type: 'snapshot', channel: 'module:XX999', seats: [] }]);

    const removalsOnly = await caughtUp('modules:XX999', {}, { types: ['ModuleRemoved'] });
    expect(removalsOnly.sent).toEqual([]);
  });

  it('snapshots the student’s registrations, with a reason only where there is one', async () => {
    const { sent } = await caughtUp('registrations:me');
    expect(sent).toEqual([
      {
        type: 'snapshot',
        subscription: 'registrations:me',
        channel: 'student:s-1',
        epoch: 'topic:0',
        offset: '10',
        registrations: [
          { registrationId: 'r-1', moduleId: 'CS101', status: 'PENDING', version: 3 },
          { registrationId: 'r-2', moduleId: 'CS101', status: 'CANCELLED', reason: 'NO_SEAT', version: 3 },
        ],
      },
    ]);

    const seatsOnly = await caughtUp('registrations:me', {}, { types: ['SeatAvailableChanged'] });
    expect(seatsOnly.sent).toEqual([]);
  });

  it('stops once the subscription is cancelled during the replay: no more events, no snapshot', async () => {
    const connection = fakeConnection(claimsOf('s-1'));
    const subscription = new Subscription(connection, 'modules', scopeOf('modules', 's-1'), undefined);
    // The client unsubscribes as the first replayed event reaches it.
    const send = connection.send.bind(connection);
    connection.send = (item) => {
      send(item);
      subscription.cancelled = true;
    };
    await catchUp.catchUp(subscription, { 'module:CS101': { epoch: 'topic:0', offset: '6' } });

    expect(framesOf(connection).map((frame) => frame['offset'])).toEqual(['7']);
  });
});
