import type { SessionTokenVerifier } from '@platform/session-tokens';
import { Registry } from 'prom-client';
import { loadConfig } from '../config';
import type { Connection } from '../connections/connection';
import type { Outgoing } from '../connections/send.queue';
import { GatewayMetrics } from '../core/gateway.metrics';
import type { HistoryService } from '../history/history.service';
import { GatewayService } from './gateway.service';
import type { RealtimeEvent } from './realtime.event';

const config = loadConfig({ JWT_PUBLIC_KEY: 'unused in this spec' });

// Every partition empty: subscriptions catch up at once with nothing to replay or snapshot.
const history = {
  epochOf: (partition: number) => `topic:${partition}`,
  partitionsOf: async () => [0],
  partitionOfChannel: async () => 0,
  positions: async () => new Map([[0, { epoch: 'topic:0', start: 0n, end: 0n }]]),
  moduleViews: async () => [],
  registrationsOf: async () => [],
} as unknown as HistoryService;

function fakeConnection(studentId: string): Connection & { sent: Outgoing[] } {
  const sent: Outgoing[] = [];
  return {
    sent,
    claims: {
      studentId,
      sessionId: `session-${studentId}`,
      issuedAt: new Date(),
      expiresAt: new Date(Date.now() + 60_000),
    },
    subscriptions: new Map(),
    isClosing: false,
    allowMessage: () => true,
    send: (item: Outgoing) => void sent.push(item),
    close: jest.fn(),
  } as unknown as Connection & { sent: Outgoing[] };
}

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

const subscribe = async (gateway: GatewayService, connection: Connection, request: object) =>
  gateway.received(connection, Buffer.from(JSON.stringify({ op: 'subscribe', id: 's', ...request })), false);

describe(GatewayService.name, () => {
  const gateway = new GatewayService(
    config,
    {} as SessionTokenVerifier,
    history,
    GatewayMetrics.of(new Registry()),
  );

  it('encodes an event once per subscription name and hands every subscriber the same bytes', async () => {
    const [a, b, c] = [fakeConnection('a'), fakeConnection('b'), fakeConnection('c')];
    await subscribe(gateway, a, { channel: 'modules' });
    await subscribe(gateway, b, { channel: 'modules' });
    await subscribe(gateway, c, { channel: 'modules', filter: { availableAtMost: 1 } });

    gateway.dispatch(seatEvent(3, 5n));

    const events = (connection: { sent: Outgoing[] }) =>
      connection.sent.filter((item) => item.kind === 'event');
    expect(events(a)).toHaveLength(1);
    expect(events(b)[0]!.frame).toBe(events(a)[0]!.frame);
    expect(events(a)[0]!.conflationKey).toBe('modules|module:CS101');
    expect(events(c)).toHaveLength(0);
  });

  it('sends nothing at or below the position the subscription started from', async () => {
    const d = fakeConnection('d');
    await subscribe(gateway, d, { channel: 'modules:CS101' });
    gateway.dispatch(seatEvent(2, 0n));
    gateway.dispatch(seatEvent(1, 1n));
    const offsets = d.sent
      .filter((item) => item.kind === 'event')
      .map((item) => JSON.parse(item.frame.toString()).offset);
    expect(offsets).toEqual(['1']);
  });
});
