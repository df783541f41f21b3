import { Injectable } from '@nestjs/common';
import type { InboxRead } from '@platform/messaging';
import type { Queryable } from '@platform/persistence';
import { CANCELLED, COMPENSATION_FAILED, COMPLETED, type SagaCommand } from '../saga/saga.definition';
import type { RegistrationSagaInput, RegistrationSagaState } from './registration.saga';

export interface SagaInstance {
  registrationId: string;
  state: RegistrationSagaState;
  version: number;
  deadlineAt: Date | null;
  correlationId: string;
  causationId: string;
}

export interface SagaHistoryEntry {
  seq: number;
  input: RegistrationSagaInput;
  commands: SagaCommand[];
  at: Date;
}

const columns = `registration_id AS "registrationId", state, version, deadline_at AS "deadlineAt",
  correlation_id AS "correlationId", causation_id AS "causationId"`;

/**
 * Saga instances and their recorded history in Postgres, and nothing else. Every method runs in
 * the caller's transaction; `lockRead` and `lockDue` hold the rows until it ends.
 */
@Injectable()
export class SagaRepository {
  /** The instance row, locked until the transaction ends: as a read, to run with the inbox row. */
  lockRead(registrationId: string): InboxRead {
    return {
      text: `SELECT ${columns} FROM saga_instances WHERE registration_id = $1 FOR UPDATE`,
      values: [registrationId],
    };
  }

  /** Instances whose deadline has passed; SKIP LOCKED lets instances of the poller share the work. */
  async lockDue(tx: Queryable, now: Date, limit: number): Promise<SagaInstance[]> {
    const result = await tx.query<SagaInstance>(
      `SELECT ${columns} FROM saga_instances WHERE deadline_at <= $1
       ORDER BY deadline_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
    return result.rows;
  }

  /**
   * Writes the instance (a new one, or the locked one it replaces) and its history entry in one
   * statement: a round trip per step counts on a busy machine.
   */
  async save(
    tx: Queryable,
    instance: SagaInstance,
    step: { isNew: boolean; input: RegistrationSagaInput; commands: readonly SagaCommand[] },
  ): Promise<void> {
    const written = step.isNew
      ? `INSERT INTO saga_instances
           (registration_id, status, state, version, deadline_at, causation_id, correlation_id)
         VALUES ($1, $2, $3, $4, $5, $6, $9)`
      : `UPDATE saga_instances SET status = $2, state = $3, version = $4, deadline_at = $5,
           causation_id = $6, updated_at = now()
         WHERE registration_id = $1`;
    await tx.query(
      `WITH saved AS (${written})
       INSERT INTO saga_history (registration_id, seq, input, commands) VALUES ($1, $4, $7, $8)`,
      [
        instance.registrationId,
        instance.state.status,
        JSON.stringify(instance.state),
        instance.version,
        instance.deadlineAt,
        instance.causationId,
        JSON.stringify(step.input),
        JSON.stringify(step.commands),
        // The correlation id is set once, when the instance is created.
        ...(step.isNew ? [instance.correlationId] : []),
      ],
    );
  }

  async find(db: Queryable, registrationId: string): Promise<SagaInstance | undefined> {
    const result = await db.query<SagaInstance>(
      `SELECT ${columns} FROM saga_instances WHERE registration_id = $1`,
      [registrationId],
    );
    return result.rows[0];
  }

  async history(db: Queryable, registrationId: string): Promise<SagaHistoryEntry[]> {
    const result = await db.query<SagaHistoryEntry>(
      `SELECT seq, input, commands, at FROM saga_history WHERE registration_id = $1 ORDER BY seq`,
      [registrationId],
    );
    return result.rows;
  }

  /**
   * Instances that have not ended, for the in-flight gauge. The predicate is the partial index's
   * (migration 1764057600002), written out, so the count reads only the instances under way.
   */
  async countInFlight(db: Queryable): Promise<number> {
    const result = await db.query<{ count: string }>(
      `SELECT count(*) AS count FROM saga_instances
        WHERE status NOT IN ('${COMPLETED}', '${CANCELLED}', '${COMPENSATION_FAILED}')`,
    );
    return Number(result.rows[0]?.count ?? 0);
  }
}
