import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { addToOutbox, createMessage, toOutboxRecord } from '@platform/messaging';
import { SessionTokenIssuer, SessionTokenVerifier } from '@platform/session-tokens';
import { Database } from '../database/database';
import { hashPassword, verifyPassword } from './password.hasher';
import { InvalidCredentialsError, SessionRevokedError } from './sessions.errors';
import { SessionsRepository } from './sessions.repository';

const SERVICE = 'registration-service';
export const SESSION_SETTINGS = Symbol('SESSION_SETTINGS');

export interface SessionSettings {
  passwordHashCost: number;
}

export interface AuthenticatedStudent {
  studentId: string;
  sessionId: string;
  expiresAt: Date;
}

/**
 * Sign-in, sign-out and token checks. Each session is a row (its id is the token's jti) and its
 * start, end and expiry go to session.events through the outbox in the same transaction.
 */
@Injectable()
export class SessionsService {
  private decoyHash: Promise<string> | undefined;

  constructor(
    @Inject(Database) private readonly db: Pick<Database, 'transaction' | 'query'>,
    @Inject(SessionsRepository) private readonly sessions: SessionsRepository,
    @Inject(SessionTokenIssuer) private readonly issuer: SessionTokenIssuer,
    @Inject(SessionTokenVerifier) private readonly verifier: SessionTokenVerifier,
    @Inject(SESSION_SETTINGS) private readonly settings: SessionSettings,
  ) {}

  async signIn(studentId: string, password: string): Promise<{ token: string; expiresAt: Date }> {
    const stored = await this.sessions.passwordHashOf(this.db, studentId);
    // An unknown student costs a hash too, so the answer time does not tell who exists.
    const valid = await verifyPassword(password, stored ?? (await this.decoy()));
    if (!stored || !valid) throw new InvalidCredentialsError('unknown student or wrong password');

    const sessionId = randomUUID();
    const { token, issuedAt, expiresAt } = await this.issuer.issue({ studentId, sessionId });
    await this.db.transaction(async (tx) => {
      await this.sessions.insert(tx, { sessionId, studentId, issuedAt, expiresAt });
      await addToOutbox(
        tx,
        toOutboxRecord(
          createMessage(SERVICE, 'SessionCreated', {
            studentId,
            sessionId,
            createdAt: issuedAt.toISOString(),
            expiresAt: expiresAt.toISOString(),
          }),
        ),
      );
    });
    return { token, expiresAt };
  }

  /** The student behind a bearer token; throws the verifier's errors or SessionRevokedError. */
  async authenticate(token: string): Promise<AuthenticatedStudent> {
    const claims = await this.verifier.verify(token);
    if (!(await this.sessions.isActive(this.db, claims.sessionId, claims.studentId))) {
      throw new SessionRevokedError('session revoked');
    }
    return { studentId: claims.studentId, sessionId: claims.sessionId, expiresAt: claims.expiresAt };
  }

  async signOut(session: Pick<AuthenticatedStudent, 'studentId' | 'sessionId'>): Promise<void> {
    await this.db.transaction(async (tx) => {
      const revokedAt = await this.sessions.revoke(tx, session.sessionId, session.studentId);
      if (!revokedAt) return;
      await addToOutbox(
        tx,
        toOutboxRecord(
          createMessage(SERVICE, 'SessionRevoked', {
            ...session,
            reason: 'SIGNED_OUT',
            revokedAt: revokedAt.toISOString(),
          }),
        ),
      );
    });
  }

  /** Announces up to `limit` lapsed sessions with SessionExpired, each once; returns how many. */
  async expireLapsed(limit = 500): Promise<number> {
    return this.db.transaction(async (tx) => {
      const lapsed = await this.sessions.claimLapsed(tx, limit);
      await addToOutbox(
        tx,
        lapsed.map((session) =>
          toOutboxRecord(
            createMessage(SERVICE, 'SessionExpired', {
              studentId: session.studentId,
              sessionId: session.sessionId,
              expiredAt: session.expiresAt.toISOString(),
            }),
          ),
        ),
      );
      return lapsed.length;
    });
  }

  private decoy(): Promise<string> {
    this.decoyHash ??= hashPassword(randomUUID(), this.settings.passwordHashCost);
    return this.decoyHash;
  }
}
