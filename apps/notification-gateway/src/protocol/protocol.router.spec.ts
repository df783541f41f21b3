import { closeCodes } from '@platform/contracts';
import type { SessionClaims, SessionTokenVerifier } from '@platform/session-tokens';
import { Registry } from 'prom-client';
import { loadConfig } from '../config';
import type { Connection } from '../connections/connection';
import { claimsOf, fakeConnection, framesOf, type FakeConnection } from '../connections/connection.fake';
import { ConnectionRegistry } from '../connections/connection.registry';
import { GatewayMetrics } from '../core/gateway.metrics';
import type { RealtimeEvent } from '../gateway/realtime.event';
import { CatchUpService } from '../history/catch-up.service';
import { fakeHistory } from '../history/history.fake';
import type { HistoryReader } from '../history/history.reader';
import { SessionAdmission } from '../sessions/session.admission';
import { SessionRegistry } from '../sessions/session.registry';
import { LiveFanOut } from '../subscriptions/live.fan-out';
import { ProtocolRouter } from './protocol.router';

const config = loadConfig({ JWT_PUBLIC_KEY: 'unused in this spec' });

// Every spec student signed in: their sessions are on session.events.
const registry = new SessionRegistry();
const signIn = (claims: SessionClaims) => registry.created(claims);

function signedIn(studentId: string, claims = claimsOf(studentId)): FakeConnection {
  signIn(claims);
  return fakeConnection(claims);
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

const frame = (message: object) => Buffer.from(JSON.stringify(message));

/** The router with the real registry, fan-out and catch-up over a fake history. */
function gatewayOf(history: HistoryReader = fakeHistory(), settings = config.gateway) {
  const metrics = GatewayMetrics.of(new Registry());
  const withSettings = { ...config, gateway: settings };
  const connections = new ConnectionRegistry(metrics);
  const fanOut = new LiveFanOut(withSettings, history, metrics);
  const router = new ProtocolRouter(
    withSettings,
    verifier,
    new SessionAdmission(registry, { ...config, gateway: { ...config.gateway, sessionWaitMs: 200 } }),
    connections,
    fanOut,
    new CatchUpService(history),
  );
  return { router, connections, fanOut };
}

describe(ProtocolRouter.name, () => {
  const { router, connections, fanOut } = gatewayOf();
  const subscribe = async (connection: Connection, request: object) =>
    router.received(connection, frame({ op: 'subscribe', id: 's', ...request }), false);
  const refresh = (connection: Connection, claims: SessionClaims) =>
    router.received(connection, frame({ op: 'refresh', id: 'r', token: JSON.stringify(claims) }), false);
  const frameKinds = (connection: FakeConnection) =>
    framesOf(connection) as { type: string; code?: string; op?: string }[];
  const replies = (connection: FakeConnection) =>
    frameKinds(connection).filter(({ type }) => type === 'ack' || type === 'error');

  it('sends nothing at or below the position the subscription started from', async () => {
    const d = signedIn('d');
    await subscribe(d, { channel: 'modules:CS101' });
    fanOut.dispatch(seatEvent(2, 0n));
    fanOut.dispatch(seatEvent(1, 1n));
    const offsets = d.sent
      .filter((item) => item.kind === 'event')
      .map((item) => JSON.parse(item.frame.toString()).offset);
    expect(offsets).toEqual(['1']);
  });

  it('welcomes a connection whose session is live', () => {
    const connection = signedIn('e');
    router.opened(connection);
    expect(frameKinds(connection)).toMatchObject([{ type: 'welcome' }]);
    expect(connection.close).not.toHaveBeenCalled();
  });

  it('closes a connection 4002 without a welcome when its session was revoked during the upgrade', () => {
    const connection = signedIn('f');
    registry.ended(connection.claims.sessionId, 'revoked');
    router.opened(connection);
    expect(connection.sent).toEqual([]);
    expect(connection.close).toHaveBeenCalledWith(closeCodes.SESSION_REVOKED, 'session revoked');
  });

  it('acks a refresh with a live session of the same student', async () => {
    const connection = signedIn('g');
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
    const connection = signedIn('h');
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

  it('rejects a refresh with another student’s token, keeping the claims', async () => {
    const connection = signedIn('i');
    const theirs = claimsOf('someone-else');
    signIn(theirs);
    await refresh(connection, theirs);
    expect(connection.close).toHaveBeenCalledWith(
      closeCodes.TOKEN_REJECTED,
      'the token belongs to another student',
    );
    expect(connection.claims.studentId).toBe('i');
  });

  it('files a refreshed connection under its new session: the old one ending leaves it open', async () => {
    const connection = signedIn('j');
    router.opened(connection);
    const fresh = claimsOf('j', 'session-j-2');
    signIn(fresh);
    await refresh(connection, fresh);

    connections.sessionEnded('session-j', closeCodes.SESSION_EXPIRED);
    expect(connection.close).not.toHaveBeenCalled();
    connections.sessionEnded('session-j-2', closeCodes.SESSION_REVOKED);
    expect(connection.close).toHaveBeenCalledWith(closeCodes.SESSION_REVOKED, 'session revoked');
  });

  it('acks an unsubscribe and sends that channel nothing more; a second one is NOT_SUBSCRIBED', async () => {
    const connection = signedIn('k');
    await subscribe(connection, { channel: 'modules:CS101' });
    const unsubscribe = frame({ op: 'unsubscribe', id: 'u', channel: 'modules:CS101' });
    await router.received(connection, unsubscribe, false);
    fanOut.dispatch(seatEvent(4, 10n));
    await router.received(connection, unsubscribe, false);

    // The empty read model answers the subscribe with a snapshot of no seats; no event follows.
    expect(frameKinds(connection)).toMatchObject([
      { type: 'ack', op: 'subscribe' },
      { type: 'snapshot' },
      { type: 'ack', op: 'unsubscribe' },
      { type: 'error', code: 'NOT_SUBSCRIBED' },
    ]);
    expect(connection.subscriptions.size).toBe(0);
  });

  it('refuses a subscription over the limit with TOO_MANY_SUBSCRIPTIONS, yet takes a channel again', async () => {
    const limited = gatewayOf(fakeHistory(), { ...config.gateway, maxSubscriptions: 1 });
    const connection = signedIn('l');
    const send = (request: object) =>
      limited.router.received(connection, frame({ op: 'subscribe', id: 's', ...request }), false);
    await send({ channel: 'modules:CS101' });
    await send({ channel: 'modules:MA201' });
    await send({ channel: 'modules:CS101', filter: { availableAtMost: 3 } });

    expect(replies(connection)).toMatchObject([
      { type: 'ack' },
      { type: 'error', code: 'TOO_MANY_SUBSCRIPTIONS' },
      { type: 'ack' },
    ]);
    expect(connection.subscriptions.get('modules:CS101')?.filter).toEqual({ availableAtMost: 3 });
  });

  it('answers a frame it cannot accept with an error and keeps the connection', async () => {
    const connection = signedIn('m');
    await router.received(connection, frame({ op: 'subscribe', id: 'x', channel: 'nonsense' }), false);
    expect(frameKinds(connection)).toMatchObject([{ type: 'error', code: 'UNKNOWN_CHANNEL' }]);
    expect(connection.close).not.toHaveBeenCalled();
  });

  it('closes 1008 on a binary frame and on more messages a second than allowed', async () => {
    const binary = signedIn('n');
    await router.received(binary, frame({ op: 'subscribe', id: 's', channel: 'modules' }), true);
    expect(binary.close).toHaveBeenCalledWith(closeCodes.POLICY_VIOLATION, expect.any(String));

    const flooding = signedIn('o');
    flooding.allowMessage = () => false;
    await subscribe(flooding, { channel: 'modules' });
    expect(flooding.close).toHaveBeenCalledWith(closeCodes.POLICY_VIOLATION, 'too many messages a second');
    expect(flooding.sent).toEqual([]);
  });

  it('ignores frames of a closing connection', async () => {
    const connection = signedIn('p');
    (connection as { isClosing: boolean }).isClosing = true;
    await subscribe(connection, { channel: 'modules' });
    expect(connection.sent).toEqual([]);
    expect(connection.subscriptions.size).toBe(0);
  });

  it('closes 1013 when the history cannot be read, after acking the subscribe', async () => {
    const broken = gatewayOf(fakeHistory({ failure: new Error('kafka unreachable') }));
    const connection = signedIn('q');
    await broken.router.received(connection, frame({ op: 'subscribe', id: 's', channel: 'modules' }), false);
    expect(frameKinds(connection)).toMatchObject([{ type: 'ack' }]);
    expect(connection.close).toHaveBeenCalledWith(
      closeCodes.TRY_AGAIN_LATER,
      'history unavailable, reconnect and resume',
    );
  });

  it('forgets a closed connection: its subscriptions get nothing, and it is no longer open', async () => {
    const own = gatewayOf();
    const connection = signedIn('r');
    own.router.opened(connection);
    await own.router.received(connection, frame({ op: 'subscribe', id: 's', channel: 'modules' }), false);
    expect(own.fanOut.dispatch(seatEvent(5, 1n))).toBe(1);
    own.router.closed(connection);

    expect(connection.disposed).toHaveBeenCalled();
    expect(connection.subscriptions.size).toBe(0);
    expect([...own.connections.openConnections]).not.toContain(connection);
    const sentBefore = connection.sent.length;
    expect(own.fanOut.dispatch(seatEvent(4, 2n))).toBe(0);
    expect(connection.sent).toHaveLength(sentBefore);
  });
});
