import { closeCodes } from '@platform/contracts';
import type { SessionClaims, SessionTokenVerifier } from '@platform/session-tokens';
import { Registry } from 'prom-client';
import { loadConfig } from '../config';
import type { Connection } from '../connections/connection';
import type { Outgoing } from '../connections/send.queue';
import { GatewayMetrics } from '../core/gateway.metrics';
import type { HistoryService } from '../history/history.service';
import { SessionAdmission } from '../sessions/session.admission';
import { SessionRegistry } from '../sessions/session.registry';
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

const claimsOf = (studentId: string, sessionId = `session-${studentId}`): SessionClaims => ({
  studentId,
  sessionId,
  issuedAt: new Date(),
  expiresAt: new Date(Date.now() + 60_000),
});

// Every spec student signed in: their sessions are on session.events.
const registry = new SessionRegistry();
const signIn = (claims: SessionClaims) => registry.created(claims);

type FakeConnection = Connection & { sent: Outgoing[]; close: jest.Mock };

function fakeConnection(studentId: string, claims = claimsOf(studentId)): FakeConnection {
  const sent: Outgoing[] = [];
  signIn(claims);
  const connection = {
    sent,
    claims,
    subscriptions: new Map(),
    isClosing: false,
    allowMessage: () => true,
    send: (item: Outgoing) => void sent.push(item),
    close: jest.fn(),
    replaceClaims: (next: SessionClaims) => void (connection.claims = next),
  };
  return connection as unknown as FakeConnection;
}

/** A verifier that reads the claims out of the "token": JSON of the claims, or anything else for a bad one. */
const verifier = {
  verify: async (token: string): Promise<SessionClaims> => {
    const claims = JSON.parse(token) as SessionClaims;
    return { ...claims, issuedAt: new Date(claims.issuedAt), expiresAt: new Date(claims.expiresAt) };
  },
} as unknown as SessionTokenVerifier;

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
    verifier,
    history,
    GatewayMetrics.of(new Registry()),
    new SessionAdmission(registry, { ...config, gateway: { ...config.gateway, sessionWaitMs: 200 } }),
  );
  const refresh = (connection: Connection, claims: SessionClaims) =>
    gateway.received(
      connection,
      Buffer.from(JSON.stringify({ op: 'refresh', id: 'r', token: JSON.stringify(claims) })),
      false,
    );
  const frameKinds = (connection: FakeConnection) =>
    connection.sent.map((item) => JSON.parse(item.frame.toString()) as { type: string; code?: string });

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

  it('welcomes a connection whose session is live', () => {
    const connection = fakeConnection('e');
    gateway.opened(connection);
    expect(frameKinds(connection)).toMatchObject([{ type: 'welcome' }]);
    expect(connection.close).not.toHaveBeenCalled();
  });

  it('closes a connection 4002 without a welcome when its session was revoked during the upgrade', () => {
    const connection = fakeConnection('f');
    registry.ended(connection.claims.sessionId, 'revoked');
    gateway.opened(connection);
    expect(connection.sent).toEqual([]);
    expect(connection.close).toHaveBeenCalledWith(closeCodes.SESSION_REVOKED, 'session revoked');
  });

  it('acks a refresh with a live session of the same student', async () => {
    const connection = fakeConnection('g');
    const fresh = claimsOf('g', 'session-g-2');
    signIn(fresh);
    await refresh(connection, fresh);
    expect(frameKinds(connection)).toMatchObject([{ type: 'ack' }]);
    expect(connection.claims.sessionId).toBe('session-g-2');
  });

  it.each([
    ['a revoked session', 'revoked'],
    ['a session that never existed', 'unknown'],
  ])('rejects a refresh with a token of %s: TOKEN_REJECTED, then 4003', async (_what, how) => {
    const connection = fakeConnection('h');
    const other = claimsOf('h', `session-h-${how}`);
    if (how === 'revoked') {
      signIn(other);
      registry.ended(other.sessionId, 'revoked');
    }
    await refresh(connection, other);
    expect(frameKinds(connection)).toMatchObject([{ type: 'error', code: 'TOKEN_REJECTED' }]);
    expect(connection.close).toHaveBeenCalledWith(
      closeCodes.TOKEN_REJECTED,
      expect.stringContaining(how === 'revoked' ? 'session revoked' : 'unknown session'),
    );
    expect(connection.claims.sessionId).toBe('session-h');
  });
});
