import { Injectable } from '@nestjs/common';
import { currentTraceparent } from '@platform/observability';
import type { Queryable } from '@platform/persistence';
import type { CancellationReason, RegistrationState, RegistrationStatus } from './registration.aggregate';

/** The student has a registration of this module that is not cancelled. */
export class ActiveRegistrationExistsError extends Error {
  override readonly name = 'ActiveRegistrationExistsError';
}

export interface RegistrationSummary {
  registrationId: string;
  studentId: string;
  moduleId: string;
  status: RegistrationStatus;
  reason: CancellationReason | null;
  version: number;
  updatedAt: string;
}

/**
 * `registration_status` (the current state of each registration, streamed by CDC) and the
 * idempotency keys. Written in the same transaction as the events they follow from; each status
 * row keeps the trace context of its last change, which CDC carries to the projector.
 */
@Injectable()
export class RegistrationRepository {
  async insertStatus(tx: Queryable, state: RegistrationState): Promise<void> {
    try {
      await tx.query(
        `INSERT INTO registration_status (registration_id, student_id, module_id, status, reason, version, traceparent)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          state.registrationId,
          state.studentId,
          state.moduleId,
          state.status,
          state.reason ?? null,
          state.version,
          currentTraceparent(),
        ],
      );
    } catch (error) {
      const pgError = error as { code?: string; constraint?: string };
      if (pgError.code === '23505' && pgError.constraint === 'registration_status_one_active_per_module') {
        throw new ActiveRegistrationExistsError(
          `${state.studentId} already has a registration for ${state.moduleId}`,
        );
      }
      throw error;
    }
  }

  async updateStatus(tx: Queryable, state: RegistrationState): Promise<void> {
    await tx.query(
      `UPDATE registration_status SET status = $2, reason = $3, version = $4, traceparent = $5, updated_at = now()
       WHERE registration_id = $1`,
      [state.registrationId, state.status, state.reason ?? null, state.version, currentTraceparent()],
    );
  }

  /**
   * Claims the student's key for `registrationId`, or returns the registration it already names.
   * A concurrent claim of the same key waits for the first transaction and then sees its row.
   */
  async claimIdempotencyKey(
    tx: Queryable,
    studentId: string,
    key: string,
    registrationId: string,
  ): Promise<string | undefined> {
    const claimed = await tx.query(
      `INSERT INTO idempotency_keys (student_id, key, registration_id) VALUES ($1, $2, $3)
       ON CONFLICT (student_id, key) DO NOTHING`,
      [studentId, key, registrationId],
    );
    if (claimed.rowCount === 1) return undefined;
    const existing = await tx.query<{ registration_id: string }>(
      'SELECT registration_id FROM idempotency_keys WHERE student_id = $1 AND key = $2',
      [studentId, key],
    );
    return existing.rows[0]?.registration_id;
  }

  async find(db: Queryable, registrationId: string): Promise<RegistrationSummary | undefined> {
    const result = await db.query<RegistrationSummary>(`${SELECT_SUMMARY} WHERE registration_id = $1`, [
      registrationId,
    ]);
    return result.rows[0];
  }

  async listOf(db: Queryable, studentId: string): Promise<RegistrationSummary[]> {
    const result = await db.query<RegistrationSummary>(
      `${SELECT_SUMMARY} WHERE student_id = $1 ORDER BY updated_at DESC, registration_id`,
      [studentId],
    );
    return result.rows;
  }
}

const SELECT_SUMMARY = `
  SELECT registration_id AS "registrationId", student_id AS "studentId", module_id AS "moduleId", status,
         reason, version, to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt"
  FROM registration_status`;
