import { Inject, Injectable, Logger } from '@nestjs/common';
import { closeCodes, type ClientMessage } from '@platform/contracts';
import { SessionTokenVerifier, type SessionClaims } from '@platform/session-tokens';
import type { Config } from '../config';
import type { Connection } from '../connections/connection';
import { ConnectionRegistry } from '../connections/connection.registry';
import { CONFIG } from '../core/core.tokens';
import { CatchUpService } from '../history/catch-up.service';
import { SessionAdmission } from '../sessions/session.admission';
import { scopeOf } from '../subscriptions/channel.matcher';
import { LiveFanOut } from '../subscriptions/live.fan-out';
import { Subscription } from '../subscriptions/subscription';
import { frames, parseClientFrame } from './frames';

type Subscribe = Extract<ClientMessage, { op: 'subscribe' }>;
type Unsubscribe = Extract<ClientMessage, { op: 'unsubscribe' }>;

/**
 * The protocol on one connection: the welcome, each client frame routed to its request
 * (subscribe, unsubscribe, refresh) and answered with an ack or an error, and the teardown.
 * Sockets stay in the server, catch-up in CatchUpService, live events in LiveFanOut.
 */
@Injectable()
export class ProtocolRouter {
  private readonly logger = new Logger(ProtocolRouter.name);

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(SessionTokenVerifier) private readonly verifier: SessionTokenVerifier,
    @Inject(SessionAdmission) private readonly sessions: SessionAdmission,
    @Inject(ConnectionRegistry) private readonly connections: ConnectionRegistry,
    @Inject(LiveFanOut) private readonly fanOut: LiveFanOut,
    @Inject(CatchUpService) private readonly catchUp: CatchUpService,
  ) {}

  opened(connection: Connection): void {
    this.connections.add(connection);
    if (this.closeIfSessionEnded(connection)) return;
    connection.send({
      kind: 'welcome',
      frame: frames.welcome(connection.id, connection.claims.studentId, connection.claims.expiresAt),
    });
  }

  closed(connection: Connection): void {
    connection.disposed();
    for (const subscription of connection.subscriptions.values()) this.fanOut.drop(subscription);
    connection.subscriptions.clear();
    this.connections.remove(connection);
  }

  async received(connection: Connection, data: Buffer, isBinary: boolean): Promise<void> {
    if (connection.isClosing) return;
    if (!connection.allowMessage()) {
      connection.close(closeCodes.POLICY_VIOLATION, 'too many messages a second');
      return;
    }
    const parsed = parseClientFrame(data, isBinary);
    if (parsed.kind === 'violation') {
      connection.close(closeCodes.POLICY_VIOLATION, parsed.reason);
      return;
    }
    if (parsed.kind === 'invalid') {
      this.reply(connection, frames.error(parsed.id, parsed.code, parsed.reason), 'error');
      return;
    }
    const message = parsed.message;
    switch (message.op) {
      case 'subscribe':
        return this.subscribe(connection, message);
      case 'unsubscribe':
        return this.unsubscribe(connection, message);
      case 'refresh':
        return this.refresh(connection, message.id, message.token);
    }
  }

  private async subscribe(connection: Connection, request: Subscribe): Promise<void> {
    const existing = connection.subscriptions.get(request.channel);
    if (!existing && connection.subscriptions.size >= this.config.gateway.maxSubscriptions) {
      const limit = this.config.gateway.maxSubscriptions;
      this.reply(
        connection,
        frames.error(request.id, 'TOO_MANY_SUBSCRIPTIONS', `at most ${limit} subscriptions`),
        'error',
      );
      return;
    }
    // Subscribing again to a channel starts it over with the new filter and resume positions.
    if (existing) this.fanOut.drop(existing);
    const scope = scopeOf(request.channel, connection.claims.studentId);
    const subscription = new Subscription(connection, request.channel, scope, request.filter);
    connection.subscriptions.set(request.channel, subscription);
    // Added before the positions are read, so live events from then on are held, not lost.
    this.fanOut.add(subscription);
    this.reply(connection, frames.ack(request.id, 'subscribe'), 'ack');
    try {
      await this.catchUp.catchUp(subscription, request.resume ?? {});
    } catch (error) {
      this.logger.error(
        `catching up ${request.channel} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      connection.close(closeCodes.TRY_AGAIN_LATER, 'history unavailable, reconnect and resume');
      return;
    }
    if (subscription.cancelled) return;
    this.fanOut.goLive(subscription);
  }

  private unsubscribe(connection: Connection, request: Unsubscribe): void {
    const subscription = connection.subscriptions.get(request.channel);
    if (!subscription) {
      this.reply(
        connection,
        frames.error(request.id, 'NOT_SUBSCRIBED', `not subscribed to ${request.channel}`),
        'error',
      );
      return;
    }
    this.fanOut.drop(subscription);
    connection.subscriptions.delete(request.channel);
    this.reply(connection, frames.ack(request.id, 'unsubscribe'), 'ack');
  }

  private async refresh(connection: Connection, id: string, token: string): Promise<void> {
    const checked = await this.checkRefresh(connection, token);
    if ('refusal' in checked) return this.rejectRefresh(connection, id, checked.refusal);
    // Nothing is awaited from here on: a session that ended during the check cannot slip past sessionEnded.
    if (!this.sessions.verdictNow(checked.claims).admitted)
      return this.rejectRefresh(connection, id, "the token's session ended meanwhile");
    this.connections.replaceClaims(connection, checked.claims);
    this.reply(connection, frames.ack(id, 'refresh'), 'ack');
  }

  private rejectRefresh(connection: Connection, id: string, why: string): void {
    this.reply(connection, frames.error(id, 'TOKEN_REJECTED', why), 'error');
    connection.close(closeCodes.TOKEN_REJECTED, why);
  }

  /** A refresh token may replace the connection's when it is valid, the same student's, and its session live. */
  private async checkRefresh(
    connection: Connection,
    token: string,
  ): Promise<{ claims: SessionClaims } | { refusal: string }> {
    const claims = await this.verifier.verify(token).catch(() => undefined);
    if (!claims) return { refusal: 'the token is invalid or expired' };
    if (claims.studentId !== connection.claims.studentId)
      return { refusal: 'the token belongs to another student' };
    const verdict = await this.sessions.admit(claims);
    return verdict.admitted ? { claims } : { refusal: `the token's session is refused: ${verdict.reason}` };
  }

  /** A session admitted at the upgrade may have ended before the connection was tracked under it. */
  private closeIfSessionEnded(connection: Connection): boolean {
    const verdict = this.sessions.verdictNow(connection.claims);
    if (verdict.admitted) return false;
    const code = verdict.state === 'revoked' ? closeCodes.SESSION_REVOKED : closeCodes.SESSION_EXPIRED;
    connection.close(code, verdict.reason);
    return true;
  }

  private reply(connection: Connection, frame: string, kind: 'ack' | 'error'): void {
    connection.send({ kind, frame });
  }
}
