import { Injectable } from '@nestjs/common';
import { currentTraceparent } from '@platform/observability';
import type { Queryable } from '@platform/persistence';

export type HoldState = 'RESERVED' | 'CONFIRMED' | 'RELEASED';

export type ReserveOutcome =
  | { kind: 'reserved' }
  | { kind: 'already-held'; state: HoldState }
  | { kind: 'no-seat-left' }
  | { kind: 'unknown-module' };

export type ConfirmOutcome = { kind: 'confirmed' } | { kind: 'unchanged'; state: HoldState | 'NONE' };

export type ReleaseOutcome =
  { kind: 'released'; from: 'RESERVED' | 'CONFIRMED' } | { kind: 'unchanged'; state: HoldState | 'NONE' };

export interface ModuleSeats {
  moduleId: string;
  capacity: number;
  reserved: number;
  confirmed: number;
}

/**
 * The seat counts and holds in Postgres, and nothing else. Every method runs inside the caller's
 * transaction. Capacity is enforced by one conditional UPDATE, so concurrent reservations of one
 * module serialise on its row and the last seat goes to exactly one of them. A module row keeps the
 * trace context of its last change, which CDC carries to the projector.
 */
@Injectable()
export class SeatsRepository {
  /**
   * One statement (a round trip per reservation counts on a busy machine): the hold is locked if
   * it exists; otherwise a seat is taken by the conditional UPDATE and the hold recorded with it.
   */
  async reserve(tx: Queryable, moduleId: string, registrationId: string): Promise<ReserveOutcome> {
    const result = await tx.query<{ existing: HoldState | null; taken: boolean; known: boolean }>(
      `WITH existing AS (
         SELECT state FROM seat_holds WHERE registration_id = $2 FOR UPDATE
       ), taken AS (
         UPDATE modules SET reserved = reserved + 1, traceparent = $3, updated_at = now()
          WHERE module_id = $1 AND reserved + confirmed < capacity AND NOT EXISTS (SELECT 1 FROM existing)
         RETURNING module_id
       ), held AS (
         INSERT INTO seat_holds (registration_id, module_id, state) SELECT $2, module_id, 'RESERVED' FROM taken
       )
       SELECT (SELECT state FROM existing) AS existing, EXISTS (SELECT 1 FROM taken) AS taken,
              EXISTS (SELECT 1 FROM modules WHERE module_id = $1) AS known`,
      [moduleId, registrationId, currentTraceparent()],
    );
    const { existing, taken, known } = result.rows[0]!;
    if (existing) return { kind: 'already-held', state: existing };
    if (taken) return { kind: 'reserved' };
    return known ? { kind: 'no-seat-left' } : { kind: 'unknown-module' };
  }

  async confirm(tx: Queryable, moduleId: string, registrationId: string): Promise<ConfirmOutcome> {
    const result = await tx.query<{ moved: boolean }>(
      `WITH moved AS (
         UPDATE seat_holds SET state = 'CONFIRMED', updated_at = now()
          WHERE registration_id = $1 AND module_id = $2 AND state = 'RESERVED'
         RETURNING module_id
       ), counted AS (
         UPDATE modules SET reserved = reserved - 1, confirmed = confirmed + 1, traceparent = $3, updated_at = now()
          WHERE module_id IN (SELECT module_id FROM moved)
       )
       SELECT EXISTS (SELECT 1 FROM moved) AS moved`,
      [registrationId, moduleId, currentTraceparent()],
    );
    if (!result.rows[0]!.moved)
      return { kind: 'unchanged', state: (await this.lockHold(tx, registrationId)) ?? 'NONE' };
    return { kind: 'confirmed' };
  }

  async release(tx: Queryable, moduleId: string, registrationId: string): Promise<ReleaseOutcome> {
    const previous = await this.lockHold(tx, registrationId, moduleId);
    if (previous === undefined) {
      // A release that overtook its reservation: remember it, so the late ReserveSeat holds nothing.
      await tx.query(
        `INSERT INTO seat_holds (registration_id, module_id, state)
         SELECT $1, module_id, 'RELEASED' FROM modules WHERE module_id = $2
         ON CONFLICT (registration_id) DO NOTHING`,
        [registrationId, moduleId],
      );
      return { kind: 'unchanged', state: 'NONE' };
    }
    if (previous === 'RELEASED') return { kind: 'unchanged', state: previous };

    await tx.query(
      `UPDATE seat_holds SET state = 'RELEASED', updated_at = now() WHERE registration_id = $1`,
      [registrationId],
    );
    const column = previous === 'RESERVED' ? 'reserved' : 'confirmed';
    await tx.query(
      `UPDATE modules SET ${column} = ${column} - 1, traceparent = $2, updated_at = now() WHERE module_id = $1`,
      [moduleId, currentTraceparent()],
    );
    return { kind: 'released', from: previous };
  }

  async find(db: Queryable, moduleId: string): Promise<ModuleSeats | undefined> {
    const result = await db.query<ModuleSeats>(
      `SELECT module_id AS "moduleId", capacity, reserved, confirmed FROM modules WHERE module_id = $1`,
      [moduleId],
    );
    return result.rows[0];
  }

  private async lockHold(
    tx: Queryable,
    registrationId: string,
    moduleId?: string,
  ): Promise<HoldState | undefined> {
    const result = await tx.query<{ state: HoldState }>(
      `SELECT state FROM seat_holds WHERE registration_id = $1 AND ($2::text IS NULL OR module_id = $2) FOR UPDATE`,
      [registrationId, moduleId ?? null],
    );
    return result.rows[0]?.state;
  }
}
