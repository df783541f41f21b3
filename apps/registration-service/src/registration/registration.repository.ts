import { Injectable } from '@nestjs/common';
import type { Queryable } from '@platform/persistence';
import type { CancellationReason, RegistrationStatus } from './registration.aggregate';

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
 * Reads of `registration_status` (the current state of each registration, which the event store
 * writes with the events it follows from) and the idempotency keys.
 */
@Injectable()
export class RegistrationRepository {
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
