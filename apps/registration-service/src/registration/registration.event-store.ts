import { Injectable } from '@nestjs/common';
import { OUTBOX_COLUMNS, outboxValues, type InboxRead, type OutboxRecord } from '@platform/messaging';
import { currentTraceparent } from '@platform/observability';
import { columnCount, placeholders, type Queryable } from '@platform/persistence';
import type { RegistrationEvent, RegistrationState, StoredRegistrationEvent } from './registration.aggregate';
import { fold } from './registration.aggregate';

/** Another writer appended to the stream first: reload and decide again. */
export class ConcurrentAppendError extends Error {
  override readonly name = 'ConcurrentAppendError';
}

/** The student has a registration of this module that is not cancelled. */
export class ActiveRegistrationExistsError extends Error {
  override readonly name = 'ActiveRegistrationExistsError';
}

export interface LoadedStream {
  state: RegistrationState | undefined;
  /** The version of the snapshot the state was folded from (0 without one). */
  snapshotVersion: number;
}

export interface HistoryEntry {
  type: string;
  at: string;
  version: number;
}

/** A row of `loadRead`: the snapshot's columns on every row, an event's (or nulls) beside them. */
export type StreamRow = {
  snapshot_version: number | null;
  snapshot_state: RegistrationState | null;
} & (EventColumns | { [K in keyof EventColumns]: null });

interface EventColumns {
  type: RegistrationEvent['type'];
  payload: Buffer;
  version: number;
}

const UNIQUE_VIOLATION = '23505';

/**
 * The event-sourced store of registrations in Postgres. `registration_events` is append-only and
 * doubles as the outbox of registration.events (Debezium publishes every insert), so appending
 * an event and publishing it are one write. `registration_status` holds each stream's current
 * state (streamed by CDC to the read model) and is written with the events that lead to it.
 */
@Injectable()
export class RegistrationEventStore {
  /**
   * The latest snapshot and the events after it, as one read, to run with the inbox row
   * (`firstDeliveryWith`); `loadedFrom` folds its rows.
   */
  loadRead(streamId: string): InboxRead {
    return {
      text: `SELECT s.version AS snapshot_version, s.state AS snapshot_state, e.type, e.payload, e.version
             FROM (VALUES (1)) AS one
             LEFT JOIN registration_snapshots s ON s.stream_id = $1
             LEFT JOIN registration_events e ON e.stream_id = $1 AND e.version > coalesce(s.version, 0)`,
      values: [streamId],
    };
  }

  loadedFrom(rows: readonly StreamRow[]): LoadedStream {
    const snapshot = rows[0]?.snapshot_state ? rows[0] : undefined;
    const stored = rows
      .filter((row): row is StreamRow & EventColumns => row.version !== null)
      .sort((a, b) => a.version - b.version)
      .map(
        (row) =>
          ({
            type: row.type,
            // The payload is the UTF-8 JSON bytes the outbox writer stored (see OUTBOX_TABLE_DDL).
            data: JSON.parse(row.payload.toString('utf8')),
            version: row.version,
          }) as StoredRegistrationEvent,
      );
    return {
      state: fold(snapshot?.snapshot_state ?? undefined, stored),
      snapshotVersion: snapshot?.snapshot_version ?? 0,
    };
  }

  /**
   * Appends the records as versions expectedVersion + 1, + 2, … of the stream of `state` (the
   * state they lead to) and keeps `registration_status` at that state: the last event and the
   * status row in one statement. Throws ConcurrentAppendError when one of those versions exists
   * already, ActiveRegistrationExistsError when the student has another active registration of
   * the module. Inside the caller's transaction, which an error leaves aborted: roll it back
   * before retrying.
   */
  async append(
    tx: Queryable,
    state: RegistrationState,
    expectedVersion: number,
    records: readonly OutboxRecord[],
  ): Promise<number> {
    const streamId = state.registrationId;
    let version = expectedVersion;
    for (const [index, record] of records.entries()) {
      version += 1;
      const event = [...outboxValues(record), streamId, version];
      const last = index === records.length - 1;
      try {
        await (last
          ? tx.query(appendWithStatus(event.length), [...statusValues(state), ...event])
          : tx.query(APPEND_EVENT, event));
      } catch (error) {
        throw asStoreError(error, state, version);
      }
    }
    return version;
  }

  async saveSnapshot(tx: Queryable, streamId: string, state: RegistrationState): Promise<void> {
    await tx.query(
      `INSERT INTO registration_snapshots (stream_id, version, state) VALUES ($1, $2, $3)
       ON CONFLICT (stream_id) DO UPDATE SET version = EXCLUDED.version, state = EXCLUDED.state, created_at = now()
       WHERE registration_snapshots.version < EXCLUDED.version`,
      [streamId, state.version, JSON.stringify(state)],
    );
  }

  async history(db: Queryable, streamId: string): Promise<HistoryEntry[]> {
    const result = await db.query<HistoryEntry>(
      `SELECT type, ce_time AS at, version FROM registration_events WHERE stream_id = $1 ORDER BY version`,
      [streamId],
    );
    return result.rows;
  }
}

const EVENT_COLUMNS = `${OUTBOX_COLUMNS}, stream_id, version`;
const APPEND_EVENT = `INSERT INTO registration_events (${EVENT_COLUMNS}) VALUES (${placeholders(columnCount(EVENT_COLUMNS))})`;
const STATUS_COLUMNS = 'registration_id, student_id, module_id, status, reason, version, traceparent';
const STATUS_COLUMN_COUNT = columnCount(STATUS_COLUMNS);

/** The event's values come after the status row's (statusValues). */
function appendWithStatus(eventValues: number): string {
  return `WITH appended AS (
            INSERT INTO registration_events (${EVENT_COLUMNS})
            VALUES (${placeholders(eventValues, STATUS_COLUMN_COUNT + 1)})
          )
          INSERT INTO registration_status (${STATUS_COLUMNS})
          VALUES (${placeholders(STATUS_COLUMN_COUNT)})
          ON CONFLICT (registration_id) DO UPDATE SET
            status = EXCLUDED.status, reason = EXCLUDED.reason, version = EXCLUDED.version,
            traceparent = EXCLUDED.traceparent, updated_at = now()`;
}

// In the order of STATUS_COLUMNS. Each status row keeps the trace context of its last change,
// which CDC carries to the projector.
function statusValues(state: RegistrationState): unknown[] {
  return [
    state.registrationId,
    state.studentId,
    state.moduleId,
    state.status,
    state.reason ?? null,
    state.version,
    currentTraceparent(),
  ];
}

function asStoreError(error: unknown, state: RegistrationState, version: number): unknown {
  const pgError = error as { code?: string; constraint?: string };
  if (pgError.code !== UNIQUE_VIOLATION) return error;
  if (pgError.constraint === 'registration_events_stream_version') {
    return new ConcurrentAppendError(`stream ${state.registrationId} moved past version ${version - 1}`);
  }
  if (pgError.constraint === 'registration_status_one_active_per_module') {
    return new ActiveRegistrationExistsError(
      `${state.studentId} already has a registration for ${state.moduleId}`,
    );
  }
  return error;
}
