import { Inject, Injectable, Logger } from '@nestjs/common';
import { closeCodes, type ClientMessage, type StreamPosition } from '@platform/contracts';
import { SessionTokenVerifier, type SessionClaims } from '@platform/session-tokens';
import type { Config } from '../config';
import { Connection } from '../connections/connection';
import { CONFIG } from '../core/core.tokens';
import { GatewayMetrics } from '../core/gateway.metrics';
import { HistoryService, type PartitionPosition } from '../history/history.service';
import { replayable } from '../history/resume.policy';
import { frames, parseClientFrame } from '../protocol/frames';
import { SessionAdmission } from '../sessions/session.admission';
import { scopeCovers, scopeOf } from '../subscriptions/channel.matcher';
import { Subscription } from '../subscriptions/subscription';
import { passesFilter, registrationsPass, seatsPass } from '../subscriptions/subscription.filter';
import { SubscriptionIndex } from '../subscriptions/subscription.index';
import type { RealtimeEvent } from './realtime.event';

type Subscribe = Extract<ClientMessage, { op: 'subscribe' }>;

/**
 * The rules of the protocol: requests, subscriptions with their snapshot or replay, live fan-out
 * and the end of sessions. Sockets and Kafka stay in the server and the consumer.
 */
@Injectable()
export class GatewayService {
  private readonly logger = new Logger(GatewayService.name);
  private readonly connections = new Set<Connection>();
  private readonly bySession = new Map<string, Set<Connection>>();
  private readonly index = new SubscriptionIndex();

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(SessionTokenVerifier) private readonly verifier: SessionTokenVerifier,
    @Inject(HistoryService) private readonly history: HistoryService,
    @Inject(GatewayMetrics) private readonly metrics: GatewayMetrics,
    @Inject(SessionAdmission) private readonly sessions: SessionAdmission,
  ) {}

  /** Every open connection's unsent backlog, for tests and diagnostics. */
  backlogs(): {
    connectionId: string;
    studentId: string;
    queued: number;
    bufferedBytes: number;
    closing: boolean;
  }[] {
    return [...this.connections].map((c) => ({
      connectionId: c.id,
      studentId: c.claims.studentId,
      ...c.backlog,
    }));
  }

  get openConnections(): Iterable<Connection> {
    return this.connections;
  }

  opened(connection: Connection): void {
    this.connections.add(connection);
    this.trackSession(connection);
    this.metrics.connections.set(this.connections.size);
    if (this.closeIfSessionEnded(connection)) return;
    connection.send({
      kind: 'welcome',
      frame: frames.welcome(connection.id, connection.claims.studentId, connection.claims.expiresAt),
    });
  }

  closed(connection: Connection): void {
    connection.disposed();
    for (const subscription of connection.subscriptions.values()) this.drop(subscription);
    connection.subscriptions.clear();
    this.connections.delete(connection);
    this.untrackSession(connection);
    this.metrics.connections.set(this.connections.size);
    this.metrics.subscriptions.set(this.index.size);
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
      case 'unsubscribe': {
        const subscription = connection.subscriptions.get(message.channel);
        if (!subscription) {
          this.reply(
            connection,
            frames.error(message.id, 'NOT_SUBSCRIBED', `not subscribed to ${message.channel}`),
            'error',
          );
          return;
        }
        this.drop(subscription);
        connection.subscriptions.delete(message.channel);
        this.metrics.subscriptions.set(this.index.size);
        this.reply(connection, frames.ack(message.id, 'unsubscribe'), 'ack');
        return;
      }
      case 'refresh':
        return this.refresh(connection, message.id, message.token);
    }
  }

  /**
   * A live record of realtime.updates: to every subscription it reaches, serialized and UTF-8
   * encoded once per subscription name, the same bytes handed to every socket. Returns how many
   * sockets it was handed to.
   */
  dispatch(event: RealtimeEvent): number {
    const framed = new Map<string, Buffer>();
    let recipients = 0;
    const epoch = this.history.epochOf(event.partition);
    for (const subscription of this.index.matching(event.channel)) {
      if (subscription.catchingUp) {
        subscription.held.push(event);
        if (subscription.held.length > this.config.gateway.maxQueued)
          subscription.connection.close(closeCodes.TRY_AGAIN_LATER, 'too many updates while catching up');
        continue;
      }
      if (!subscription.isNew(event) || !passesFilter(subscription.filter, event)) continue;
      let frame = framed.get(subscription.channel);
      if (frame === undefined) {
        frame = Buffer.from(frames.event(subscription.channel, epoch, event));
        framed.set(subscription.channel, frame);
      }
      subscription.connection.send({
        kind: 'event',
        frame,
        conflationKey: subscription.conflationKeyOf(event),
        changedAtMs: event.changedAtMs,
      });
      recipients += 1;
    }
    return recipients;
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

  private async refresh(connection: Connection, id: string, token: string): Promise<void> {
    const checked = await this.checkRefresh(connection, token);
    if ('refusal' in checked) return this.rejectRefresh(connection, id, checked.refusal);
    // Nothing is awaited from here on: a session that ended during the check cannot slip past sessionEnded.
    if (!this.sessions.verdictNow(checked.claims).admitted)
      return this.rejectRefresh(connection, id, "the token's session ended meanwhile");
    this.untrackSession(connection);
    connection.replaceClaims(checked.claims);
    this.trackSession(connection);
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
    if (existing) this.drop(existing);
    const scope = scopeOf(request.channel, connection.claims.studentId);
    const subscription = new Subscription(connection, request.channel, scope, request.filter);
    connection.subscriptions.set(request.channel, subscription);
    // Indexed before the positions are read, so live events from then on are held, not lost.
    this.index.add(subscription);
    this.metrics.subscriptions.set(this.index.size);
    this.reply(connection, frames.ack(request.id, 'subscribe'), 'ack');
    try {
      await this.catchUp(subscription, request.resume ?? {});
    } catch (error) {
      this.logger.error(
        `catching up ${request.channel} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      connection.close(closeCodes.TRY_AGAIN_LATER, 'history unavailable, reconnect and resume');
      return;
    }
    if (subscription.cancelled) return;
    subscription.catchingUp = false;
    for (const event of subscription.held.splice(0)) this.dispatchTo(subscription, event);
  }

  /**
   * Brings a new subscription up to the live position: per source channel, a replay from the log
   * when the client's epoch and offset are still in it, otherwise a snapshot from the read model.
   */
  private async catchUp(subscription: Subscription, resume: Record<string, StreamPosition>): Promise<void> {
    const { scope } = subscription;
    const partitions = await this.history.partitionsOf(scope);
    const positions = await this.history.positions(partitions);
    for (const [partition, position] of positions) subscription.floors.set(partition, position.end);

    const replays = new Map<number, Map<string, bigint>>();
    for (const [channel, { epoch, offset }] of Object.entries(resume)) {
      if (!scopeCovers(scope, channel)) continue;
      const partition = await this.history.partitionOfChannel(channel);
      const position = positions.get(partition);
      if (!position || !replayable(position, { epoch, offset })) continue;
      const channels = replays.get(partition) ?? new Map<string, bigint>();
      channels.set(channel, BigInt(offset));
      replays.set(partition, channels);
    }

    const replayed = new Set<string>();
    for (const [partition, channels] of replays) {
      const epoch = positions.get(partition)!.epoch;
      const until = positions.get(partition)!.end;
      const complete = await this.history.replay(
        partition,
        channels,
        until,
        (event) => {
          if (passesFilter(subscription.filter, event)) this.sendEvent(subscription, epoch, event);
        },
        () => !subscription.cancelled && !subscription.connection.isClosing,
      );
      if (complete) for (const channel of channels.keys()) replayed.add(channel);
    }
    if (subscription.cancelled || subscription.connection.isClosing) return;
    await this.sendSnapshots(subscription, positions, replayed);
  }

  /** Snapshots of every channel of the scope that was not replayed. */
  private async sendSnapshots(
    subscription: Subscription,
    positions: Map<number, PartitionPosition>,
    replayed: Set<string>,
  ): Promise<void> {
    const { scope, filter, connection } = subscription;
    if (scope.kind === 'student') {
      const channel = `student:${scope.studentId}`;
      if (replayed.has(channel) || !registrationsPass(filter)) return;
      const partition = await this.history.partitionOfChannel(channel);
      const position = positions.get(partition)!;
      const registrations = await this.history.registrationsOf(scope.studentId);
      connection.send({
        kind: 'snapshot',
        beyondLimit: true,
        frame: frames.snapshot({
          type: 'snapshot',
          subscription: subscription.channel,
          channel,
          epoch: position.epoch,
          offset: position.end.toString(),
          registrations: registrations.map(({ registrationId, moduleId, status, reason, version }) => ({
            registrationId,
            moduleId,
            status,
            ...(reason ? { reason } : {}),
            version,
          })),
        }),
      });
      return;
    }
    const views = await this.history.moduleViews(scope);
    const wanted =
      scope.kind === 'module' && views.length === 0
        ? [{ moduleId: scope.moduleId, view: undefined }]
        : views.map((view) => ({ moduleId: view.moduleId, view }));
    for (const { moduleId, view } of wanted) {
      const channel = `module:${moduleId}`;
      if (replayed.has(channel)) continue;
      if (view && !seatsPass(filter, view.available)) continue;
      if (!view && filter?.types && !filter.types.includes('SeatAvailableChanged')) continue;
      const partition = await this.history.partitionOfChannel(channel);
      const position = positions.get(partition)!;
      connection.send({
        kind: 'snapshot',
        beyondLimit: true,
        conflationKey: `${subscription.channel}|${channel}`,
        frame: frames.snapshot({
          type: 'snapshot',
          subscription: subscription.channel,
          channel,
          epoch: position.epoch,
          offset: position.end.toString(),
          seats: view
            ? [
                {
                  moduleId: view.moduleId,
                  title: view.title,
                  capacity: view.capacity,
                  reserved: view.reserved,
                  confirmed: view.confirmed,
                  available: view.available,
                  version: view.version,
                },
              ]
            : [],
        }),
      });
    }
  }

  private dispatchTo(subscription: Subscription, event: RealtimeEvent): void {
    if (!subscription.isNew(event) || !passesFilter(subscription.filter, event)) return;
    this.sendEvent(subscription, this.history.epochOf(event.partition), event);
  }

  private sendEvent(subscription: Subscription, epoch: string, event: RealtimeEvent): void {
    subscription.connection.send({
      kind: 'event',
      frame: frames.event(subscription.channel, epoch, event),
      conflationKey: subscription.conflationKeyOf(event),
      changedAtMs: event.changedAtMs,
    });
  }

  private drop(subscription: Subscription): void {
    subscription.cancelled = true;
    subscription.held.length = 0;
    this.index.remove(subscription);
  }

  private reply(connection: Connection, frame: string, kind: 'ack' | 'error'): void {
    connection.send({ kind, frame });
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
