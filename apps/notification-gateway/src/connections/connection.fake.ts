import type { SessionClaims } from '@platform/session-tokens';
import type { Connection } from './connection';
import type { Outgoing } from './send.queue';

/** A connection without a socket: what it is sent stays in `sent`, close and disposed only record their calls. */
export type FakeConnection = Connection & { sent: Outgoing[]; close: jest.Mock; disposed: jest.Mock };

export const claimsOf = (studentId: string, sessionId = `session-${studentId}`): SessionClaims => ({
  studentId,
  sessionId,
  issuedAt: new Date(),
  expiresAt: new Date(Date.now() + 60_000),
});

let created = 0;

export function fakeConnection(claims: SessionClaims): FakeConnection {
  const sent: Outgoing[] = [];
  created += 1;
  const connection = {
    id: `connection-${created}`,
    sent,
    claims,
    subscriptions: new Map(),
    isClosing: false,
    backlog: { queued: 0, bufferedBytes: 0, closing: false },
    allowMessage: () => true,
    send: (item: Outgoing) => void sent.push(item),
    close: jest.fn(),
    disposed: jest.fn(),
    replaceClaims: (next: SessionClaims) => void (connection.claims = next),
  };
  return connection as unknown as FakeConnection;
}

/** The JSON of every frame a fake connection was sent. */
export const framesOf = (connection: FakeConnection) =>
  connection.sent.map((item) => JSON.parse(item.frame.toString()) as Record<string, unknown>);
