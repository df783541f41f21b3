import { Inject, Injectable } from '@nestjs/common';
import type { SessionClaims } from '@platform/session-tokens';
import type { Config } from '../config';
import { CONFIG } from '../core/core.tokens';
import { SessionRegistry, type SessionState } from './session.registry';

export type SessionVerdict =
  { admitted: true } | { admitted: false; state: Exclude<SessionState, 'live'>; reason: string };

const reasons: Record<Exclude<SessionState, 'live'>, string> = {
  revoked: 'session revoked',
  expired: 'session expired',
  unknown: 'unknown session',
};

function verdictOf(state: SessionState): SessionVerdict {
  return state === 'live' ? { admitted: true } : { admitted: false, state, reason: reasons[state] };
}

/**
 * Whether a verified token may be used: a genuine signature is not enough, its session must have
 * begun on session.events and not ended. At the handshake and on every refresh.
 */
@Injectable()
export class SessionAdmission {
  constructor(
    @Inject(SessionRegistry) private readonly registry: SessionRegistry,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /**
   * The session is signed in before its SessionCreated reaches Kafka (outbox, then Debezium), so
   * an unknown session is waited for until `sessionWaitMs` after its token was issued.
   */
  async admit(claims: SessionClaims): Promise<SessionVerdict> {
    const deadlineMs = Math.min(Date.now(), claims.issuedAt.getTime()) + this.config.gateway.sessionWaitMs;
    return verdictOf(await this.registry.settled(claims.sessionId, claims.studentId, deadlineMs));
  }

  /** Without waiting: for a connection admitted a moment ago, whether its session ended since. */
  verdictNow(claims: SessionClaims): SessionVerdict {
    return verdictOf(this.registry.stateOf(claims.sessionId, claims.studentId));
  }
}
