import { AsyncResource } from 'node:async_hooks';
import type { PoolClient } from 'pg';
import { withPreparedStatements } from '../prepared-statements';
import type { Queryable } from '../queryable';
import { PendingInserts, type InsertsAtCommit } from './inserts-at-commit';

/** Where a batch gets its connection: a pg Pool. */
export interface ConnectionSource {
  connect(): Promise<PoolClient>;
}

export interface GroupCommitOptions {
  /** The most units of work one transaction carries; 32 when left out. */
  maxBatch?: number;
  /** What a failure is raised as (the database's own error types); unchanged when left out. */
  mapError?: (error: unknown) => unknown;
  /** A checked-out connection that dies emits 'error' besides failing its query. */
  onConnectionError?: (error: Error) => void;
  /** Told how each transaction ended and how many units it carried (for metrics). */
  onTransactionEnd?: (end: TransactionEnd) => void;
}

/**
 * committed: every unit's work is in. isolated: one unit failed, the rest run again alone.
 * failed: the connection or the commit failed, so every unit was rejected.
 */
export interface TransactionEnd {
  units: number;
  outcome: 'committed' | 'isolated' | 'failed';
}

/** Work for one transaction; it must only talk to `tx` (nothing else it awaits may be slow). */
export type TransactionWork<T> = (tx: Queryable) => Promise<T>;

interface Unit {
  work: TransactionWork<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  /** Set once it shared a transaction that another unit failed: it runs in one of its own. */
  alone: boolean;
}

const DEFAULT_MAX_BATCH = 32;

/**
 * Group commit: every transaction asked for while one is running waits, and the next transaction
 * runs all of them, one after another on one connection, and commits once. A caller sees its own
 * transaction: its promise settles only after the commit, with its own result. Under load that
 * turns hundreds of BEGIN/COMMIT pairs (and WAL flushes) a second into a few dozen; alone, a unit
 * runs at once.
 *
 * When one unit fails, the whole transaction rolls back: that unit is rejected with its error and
 * the others run again, each in a transaction of its own, so one bad message never takes its
 * neighbours' work with it and a unit shares a transaction at most once. When the connection or the commit
 * fails, every unit of the batch is rejected and its caller retries as it would any transaction.
 *
 * `tx` is also InsertsAtCommit (see insertsAtCommitOf): rows a unit adds that way (its outbox
 * rows) are inserted just before the commit, every unit's together, in as few statements as fit.
 * If that insert fails, each unit runs again alone, so only the unit whose rows fail is rejected.
 *
 * Parameterised statements run prepared (withPreparedStatements), so each connection parses and
 * plans a statement once.
 *
 * Units are independent (the messaging runtime never has two of one key under way), so running
 * them in one transaction is a valid serial order of what separate transactions would have done.
 * Work must not call `transaction` again (it would wait for itself).
 */
export class GroupCommit {
  private readonly queue: Unit[] = [];
  private readonly maxBatch: number;
  private running = false;

  constructor(
    private readonly connections: ConnectionSource,
    private readonly options: GroupCommitOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
    if (!Number.isInteger(this.maxBatch) || this.maxBatch < 1) {
      throw new Error(`maxBatch must be a whole number of at least 1, not ${this.maxBatch}`);
    }
  }

  /** Units waiting for a transaction (not the ones of the transaction under way). */
  get waiting(): number {
    return this.queue.length;
  }

  transaction<T>(work: TransactionWork<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      // Bound to the caller's async context: the batch runs in whoever started it, and without
      // this a unit's spans (and the traceparent its outbox rows carry) would join that trace.
      const bound = AsyncResource.bind(work);
      this.queue.push({ work: bound, resolve: resolve as (value: unknown) => void, reject, alone: false });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) await this.runBatch(this.nextBatch());
    } finally {
      this.running = false;
    }
  }

  private nextBatch(): Unit[] {
    if (this.queue[0]!.alone) return [this.queue.shift()!];
    let size = 0;
    while (size < this.queue.length && size < this.maxBatch && !this.queue[size]!.alone) size += 1;
    return this.queue.splice(0, size);
  }

  private async runBatch(units: Unit[]): Promise<void> {
    let client: PoolClient;
    try {
      client = await this.connections.connect();
    } catch (error) {
      this.ended(units, 'failed');
      return this.rejectAll(units, error);
    }
    const onConnectionError = (error: Error): void => this.options.onConnectionError?.(error);
    client.on('error', onConnectionError);
    let failed: { index: number; error: unknown } | undefined;
    try {
      await client.query('BEGIN');
      const prepared = withPreparedStatements(client);
      const pending = new PendingInserts();
      const tx = {
        query: prepared.query,
        insertAtCommit: pending.insertAtCommit.bind(pending),
      } satisfies Queryable & InsertsAtCommit;
      const results: unknown[] = [];
      for (const [index, unit] of units.entries()) {
        try {
          results.push(await unit.work(tx));
        } catch (error) {
          failed = { index, error };
          break;
        }
      }
      if (!failed) {
        try {
          await pending.flush(prepared);
        } catch (error) {
          // Whose rows failed is not known: alone, a unit's are the only ones.
          failed = { index: units.length === 1 ? 0 : -1, error };
        }
      }
      if (!failed) {
        await client.query('COMMIT');
        this.ended(units, 'committed');
        units.forEach((unit, index) => unit.resolve(results[index]));
        return;
      }
      await client.query('ROLLBACK');
    } catch (error) {
      // BEGIN, COMMIT or ROLLBACK failed: the connection or the server, so nothing was committed.
      await client.query('ROLLBACK').catch(() => undefined);
      this.ended(units, 'failed');
      return this.rejectAll(units, error);
    } finally {
      client.off('error', onConnectionError);
      client.release();
    }
    this.ended(units, 'isolated');
    units[failed.index]?.reject(this.mapError(failed.error));
    const others = units.filter((_, index) => index !== failed.index);
    for (const unit of others) unit.alone = true;
    this.queue.unshift(...others);
  }

  private ended(units: Unit[], outcome: TransactionEnd['outcome']): void {
    this.options.onTransactionEnd?.({ units: units.length, outcome });
  }

  private rejectAll(units: Unit[], error: unknown): void {
    const mapped = this.mapError(error);
    for (const unit of units) unit.reject(mapped);
  }

  private mapError(error: unknown): unknown {
    return this.options.mapError ? this.options.mapError(error) : error;
  }
}
