import { Injectable } from '@nestjs/common';
import type { Queryable } from '@platform/persistence';

export interface SessionRow {
  sessionId: string;
  studentId: string;
  issuedAt: Date;
  expiresAt: Date;
}

/** `students` and `sessions`, nothing else; every method runs in the caller's connection or transaction. */
@Injectable()
export class SessionsRepository {
  async passwordHashOf(db: Queryable, studentId: string): Promise<string | undefined> {
    const result = await db.query<{ password_hash: string }>(
      'SELECT password_hash FROM students WHERE student_id = $1',
      [studentId],
    );
    return result.rows[0]?.password_hash;
  }

  async insert(tx: Queryable, session: SessionRow): Promise<void> {
    await tx.query(
      'INSERT INTO sessions (session_id, student_id, issued_at, expires_at) VALUES ($1, $2, $3, $4)',
      [session.sessionId, session.studentId, session.issuedAt, session.expiresAt],
    );
  }

  /** Whether the session exists for this student and was not revoked. */
  async isActive(db: Queryable, sessionId: string, studentId: string): Promise<boolean> {
    const result = await db.query(
      'SELECT 1 FROM sessions WHERE session_id = $1 AND student_id = $2 AND revoked_at IS NULL',
      [sessionId, studentId],
    );
    return result.rowCount === 1;
  }

  /** Marks the session revoked; returns when, or undefined when it was revoked before. */
  async revoke(tx: Queryable, sessionId: string, studentId: string): Promise<Date | undefined> {
    const result = await tx.query<{ revoked_at: Date }>(
      `UPDATE sessions SET revoked_at = now()
       WHERE session_id = $1 AND student_id = $2 AND revoked_at IS NULL
       RETURNING revoked_at`,
      [sessionId, studentId],
    );
    return result.rows[0]?.revoked_at;
  }

  /**
   * Marks up to `limit` lapsed, unannounced sessions announced and returns them. SKIP LOCKED lets
   * several instances sweep at once without announcing a session twice.
   */
  async claimLapsed(tx: Queryable, limit: number): Promise<SessionRow[]> {
    const result = await tx.query<SessionRow>(
      `WITH lapsed AS (
         SELECT session_id FROM sessions
         WHERE expires_at <= now() AND revoked_at IS NULL AND expiry_announced_at IS NULL
         ORDER BY expires_at
         LIMIT $1
         FOR UPDATE SKIP LOCKED
       )
       UPDATE sessions s SET expiry_announced_at = now()
       FROM lapsed WHERE s.session_id = lapsed.session_id
       RETURNING s.session_id AS "sessionId", s.student_id AS "studentId", s.issued_at AS "issuedAt",
                 s.expires_at AS "expiresAt"`,
      [limit],
    );
    return result.rows;
  }
}
