import { Injectable } from '@nestjs/common';
import type { Queryable } from '@platform/persistence';

export interface CatalogEntry {
  moduleId: string;
  fee: { amountCents: number; currency: string };
}

/** `module_catalog`: each module's fee as of the newest change that altered it (by WAL position). */
@Injectable()
export class ModuleCatalogRepository {
  /**
   * Keeps the module at this fee, unless a newer change is already applied. Most changes of a
   * module row only move its seat counts: those write nothing (no row version, no WAL), so the
   * stored position is that of the newest change that altered what the catalog keeps. A change
   * older than it is still turned away, and per-module order means no change in between can
   * arrive later.
   */
  async upsert(db: Queryable, entry: CatalogEntry, lsn: number): Promise<void> {
    await db.query(
      `WITH changed AS (
         UPDATE module_catalog SET fee_cents = $2, currency = $3, removed = false, lsn = $4, updated_at = now()
          WHERE module_id = $1 AND lsn < $4 AND (fee_cents, currency, removed) IS DISTINCT FROM ($2, $3, false)
       )
       INSERT INTO module_catalog (module_id, fee_cents, currency, removed, lsn)
       SELECT $1, $2, $3, false, $4
        WHERE NOT EXISTS (SELECT 1 FROM module_catalog WHERE module_id = $1)
       ON CONFLICT (module_id) DO NOTHING`,
      [entry.moduleId, entry.fee.amountCents, entry.fee.currency, lsn],
    );
  }

  /** Marks the module removed, unless it is already or a newer change is applied. */
  async markRemoved(db: Queryable, moduleId: string, lsn: number): Promise<void> {
    await db.query(
      `INSERT INTO module_catalog (module_id, fee_cents, currency, removed, lsn) VALUES ($1, 0, '', true, $2)
       ON CONFLICT (module_id) DO UPDATE SET removed = true, lsn = EXCLUDED.lsn, updated_at = now()
         WHERE module_catalog.lsn < EXCLUDED.lsn AND NOT module_catalog.removed`,
      [moduleId, lsn],
    );
  }

  async find(db: Queryable, moduleId: string): Promise<CatalogEntry | undefined> {
    const { rows } = await db.query<{ fee_cents: number; currency: string }>(
      `SELECT fee_cents, currency FROM module_catalog WHERE module_id = $1 AND NOT removed`,
      [moduleId],
    );
    const row = rows[0];
    return row && { moduleId, fee: { amountCents: row.fee_cents, currency: row.currency } };
  }
}
