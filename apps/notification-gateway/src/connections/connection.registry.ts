import { Inject, Injectable } from '@nestjs/common';
import { closeCodes } from '@platform/contracts';
import type { SessionClaims } from '@platform/session-tokens';
import { GatewayMetrics } from '../core/gateway.metrics';
import type { Connection } from './connection';

/** One open connection's unsent backlog. */
export interface ConnectionBacklog {
  connectionId: string;
  studentId: string;
  queued: number;
  bufferedBytes: number;
  closing: boolean;
}

/** Which connections are open, by session too, so the end of a session or of the gateway closes them. */
@Injectable()
export class ConnectionRegistry {
  private readonly connections = new Set<Connection>();
  private readonly bySession = new Map<string, Set<Connection>>();

  constructor(@Inject(GatewayMetrics) private readonly metrics: GatewayMetrics) {}

  get openConnections(): Iterable<Connection> {
    return this.connections;
  }

  /** Every open connection's unsent backlog, for tests and diagnostics. */
  backlogs(): ConnectionBacklog[] {
    return [...this.connections].map((c) => ({
      connectionId: c.id,
      studentId: c.claims.studentId,
      ...c.backlog,
    }));
  }

  add(connection: Connection): void {
    this.connections.add(connection);
    this.trackSession(connection);
    this.metrics.connections.set(this.connections.size);
  }

  remove(connection: Connection): void {
    this.connections.delete(connection);
    this.untrackSession(connection);
    this.metrics.connections.set(this.connections.size);
  }

  /** A refresh: the connection now belongs to the session of its new claims. */
  replaceClaims(connection: Connection, claims: SessionClaims): void {
    this.untrackSession(connection);
    connection.replaceClaims(claims);
    this.trackSession(connection);
  }

  /** SessionExpired / SessionRevoked: every socket of that session closes. */
  sessionEnded(
    sessionId: string,
    code: typeof closeCodes.SESSION_EXPIRED | typeof closeCodes.SESSION_REVOKED,
  ): void {
    const reason = code === closeCodes.SESSION_REVOKED ? 'session revoked' : 'session expired';
    for (const connection of this.bySession.get(sessionId) ?? []) connection.close(code, reason);
  }

  /** Shutdown: every client is told to reconnect elsewhere. */
  closeAll(): void {
    for (const connection of this.connections)
      connection.close(closeCodes.GOING_AWAY, 'gateway shutting down');
  }

  private trackSession(connection: Connection): void {
    const { sessionId } = connection.claims;
    const set = this.bySession.get(sessionId);
    if (set) set.add(connection);
    else this.bySession.set(sessionId, new Set([connection]));
  }

  private untrackSession(connection: Connection): void {
    const { sessionId } = connection.claims;
    const set = this.bySession.get(sessionId);
    set?.delete(connection);
    if (set?.size === 0) this.bySession.delete(sessionId);
  }
}
