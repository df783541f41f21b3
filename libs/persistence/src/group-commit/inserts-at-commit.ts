import { columnCount, placeholders } from '../placeholders';
import type { Queryable } from '../queryable';

/** A transaction that takes rows to insert just before it commits. */
export interface InsertsAtCommit {
  /**
   * Inserts `rows` (each one's values in the order of `columns`) right before the commit, with the
   * rows every other unit of the transaction added for the same table and columns, in the order
   * they were added: one statement for all of them instead of one each. Only for rows nothing
   * reads back inside the transaction, like an outbox's.
   */
  insertAtCommit(table: string, columns: string, rows: readonly (readonly unknown[])[]): void;
}

/** The transaction's InsertsAtCommit, when it has one (a group commit's does). */
export function insertsAtCommitOf(tx: Queryable): InsertsAtCommit | undefined {
  const candidate = tx as Queryable & Partial<InsertsAtCommit>;
  return typeof candidate.insertAtCommit === 'function' ? (candidate as InsertsAtCommit) : undefined;
}

// Postgres takes at most 65,535 parameters in one statement.
const MAX_PARAMETERS = 65_535;
const MAX_CACHED_TEXTS = 500;
const insertTexts = new Map<string, string>();

/** `INSERT INTO table (columns) VALUES ($1, …), (…)` for `rows` rows; the same text for the same shape. */
export function multiRowInsert(table: string, columns: string, rows: number): string {
  const cacheKey = `${table}\u0000${columns}\u0000${rows}`;
  const cached = insertTexts.get(cacheKey);
  if (cached !== undefined) return cached;
  const width = columnCount(columns);
  const values = Array.from({ length: rows }, (_, row) => `(${placeholders(width, row * width + 1)})`);
  const text = `INSERT INTO ${table} (${columns}) VALUES ${values.join(', ')}`;
  if (insertTexts.size < MAX_CACHED_TEXTS) insertTexts.set(cacheKey, text);
  return text;
}

/** The rows a transaction's units added with insertAtCommit, until it flushes them. */
export class PendingInserts implements InsertsAtCommit {
  private readonly targets = new Map<
    string,
    { table: string; columns: string; rowsPerStatement: number; rows: unknown[][] }
  >();

  insertAtCommit(table: string, columns: string, rows: readonly (readonly unknown[])[]): void {
    if (rows.length === 0) return;
    const key = `${table}\u0000${columns}`;
    let target = this.targets.get(key);
    if (!target) {
      const rowsPerStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columnCount(columns)));
      target = { table, columns, rowsPerStatement, rows: [] };
      this.targets.set(key, target);
    }
    for (const row of rows) target.rows.push([...row]);
  }

  /** Inserts everything added, table by table in the order first used, each in as few statements as fit. */
  async flush(tx: Queryable): Promise<void> {
    for (const { table, columns, rowsPerStatement, rows } of this.targets.values()) {
      for (let start = 0; start < rows.length; start += rowsPerStatement) {
        const chunk = rows.slice(start, start + rowsPerStatement);
        await tx.query(multiRowInsert(table, columns, chunk.length), chunk.flat());
      }
    }
    this.targets.clear();
  }
}
