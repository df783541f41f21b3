export type SessionState = 'live' | 'revoked' | 'expired' | 'unknown';

interface KnownSession {
  studentId: string;
  expiresAtMs: number;
  ended?: 'revoked' | 'expired';
}

// Past its expiry a session's token is refused by its own exp; a minute more covers clock skew.
const keptAfterExpiryMs = 60_000;
const pruneEveryMs = 60_000;

/**
 * Every session that session.events says began and has not yet expired, and whether it ended.
 * Held in memory and rebuilt from the topic on each start, so every instance knows the same
 * sessions without sharing anything. A session's events share its student's key, so they arrive
 * in order: created first, then revoked or expired.
 */
export class SessionRegistry {
  private readonly sessions = new Map<string, KnownSession>();
  private readonly waiting = new Map<string, Set<() => void>>();
  private prunedAtMs: number;

  constructor(private readonly now: () => number = () => Date.now()) {
    this.prunedAtMs = now();
  }

  get size(): number {
    return this.sessions.size;
  }

  created(session: { sessionId: string; studentId: string; expiresAt: Date }): void {
    this.pruneNowAndThen();
    const expiresAtMs = session.expiresAt.getTime();
    // A redelivered SessionCreated must not revive a session that ended since.
    if (this.sessions.has(session.sessionId) || expiresAtMs + keptAfterExpiryMs <= this.now()) return;
    this.sessions.set(session.sessionId, { studentId: session.studentId, expiresAtMs });
    this.wake(session.sessionId);
  }

  ended(sessionId: string, how: 'revoked' | 'expired'): void {
    const session = this.sessions.get(sessionId);
    if (!session) return;
    session.ended ??= how;
    this.wake(sessionId);
  }

  /** Unknown also when the session belongs to another student than the one asking. */
  stateOf(sessionId: string, studentId: string): SessionState {
    const session = this.sessions.get(sessionId);
    if (!session || session.studentId !== studentId) return 'unknown';
    if (session.ended) return session.ended;
    return session.expiresAtMs <= this.now() ? 'expired' : 'live';
  }

  /** The session's state as soon as it is known, or at `deadlineMs` if it is still unknown then. */
  settled(sessionId: string, studentId: string, deadlineMs: number): Promise<SessionState> {
    const state = this.stateOf(sessionId, studentId);
    const waitMs = deadlineMs - this.now();
    if (state !== 'unknown' || waitMs <= 0) return Promise.resolve(state);
    return new Promise((resolve) => {
      const waiters = this.waiting.get(sessionId) ?? new Set<() => void>();
      this.waiting.set(sessionId, waiters);
      const settle = (): void => {
        clearTimeout(timer);
        waiters.delete(settle);
        if (waiters.size === 0) this.waiting.delete(sessionId);
        resolve(this.stateOf(sessionId, studentId));
      };
      const timer = setTimeout(settle, waitMs);
      timer.unref();
      waiters.add(settle);
    });
  }

  private wake(sessionId: string): void {
    for (const settle of [...(this.waiting.get(sessionId) ?? [])]) settle();
  }

  private pruneNowAndThen(): void {
    const now = this.now();
    if (now - this.prunedAtMs < pruneEveryMs) return;
    this.prunedAtMs = now;
    for (const [sessionId, session] of this.sessions)
      if (session.expiresAtMs + keptAfterExpiryMs <= now) this.sessions.delete(sessionId);
  }
}
