import { Injectable } from '@nestjs/common';
import {
  OUTBOX_COLUMNS,
  outboxValues,
  placeholders,
  type InboxRead,
  type OutboxRecord,
} from '@platform/messaging';
import type { Queryable } from '@platform/persistence';
import type { RegistrationEvent, RegistrationState, StoredRegistrationEvent } from './registration.aggregate';
import { fold } from './registration.aggregate';

/** Another writer appended to the stream first: reload and decide again. */
export class ConcurrentAppendError extends Error {
  override readonly name = 'ConcurrentAppendError';
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
 * an event and publishing it are one write.
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
   * Appends the records as versions expectedVersion + 1, + 2, ...; throws ConcurrentAppendError
   * when one of those versions exists already. Inside the caller's transaction, which the error
   * leaves aborted: roll it back before retrying.
   */
  async append(
    tx: Queryable,
    streamId: string,
    expectedVersion: number,
    records: readonly OutboxRecord[],
  ): Promise<number> {
    let version = expectedVersion;
    for (const record of records) {
      version += 1;
      try {
        const values = [...outboxValues(record), streamId, version];
        await tx.query(
          `INSERT INTO registration_events (${OUTBOX_COLUMNS}, stream_id, version) VALUES (${placeholders(values.length)})`,
          values,
        );
      } catch (error) {
        if (isVersionConflict(error)) {
          throw new ConcurrentAppendError(`stream ${streamId} moved past version ${version - 1}`);
        }
        throw error;
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

function isVersionConflict(error: unknown): boolean {
  const pgError = error as { code?: string; constraint?: string };
  return pgError.code === UNIQUE_VIOLATION && pgError.constraint === 'registration_events_stream_version';
}
