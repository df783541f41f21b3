import { Injectable } from '@nestjs/common';
import type { Queryable } from '@platform/persistence';

export interface CatalogEntry {
  moduleId: string;
  fee: { amountCents: number; currency: string };
}

/** `module_catalog`: each module's fee as of the newest change applied (by WAL position). */
@Injectable()
export class ModuleCatalogRepository {
  /** Keeps the module at this fee, unless a newer change is already applied. */
  async upsert(db: Queryable, entry: CatalogEntry, lsn: number): Promise<void> {
    await db.query(
      `INSERT INTO module_catalog (module_id, fee_cents, currency, removed, lsn) VALUES ($1, $2, $3, false, $4)
       ON CONFLICT (module_id) DO UPDATE
         SET fee_cents = EXCLUDED.fee_cents, currency = EXCLUDED.currency, removed = false,
             lsn = EXCLUDED.lsn, updated_at = now()
         WHERE module_catalog.lsn < EXCLUDED.lsn`,
      [entry.moduleId, entry.fee.amountCents, entry.fee.currency, lsn],
    );
  }

  /** Marks the module removed, unless a newer change is already applied. */
  async markRemoved(db: Queryable, moduleId: string, lsn: number): Promise<void> {
    await db.query(
      `INSERT INTO module_catalog (module_id, fee_cents, currency, removed, lsn) VALUES ($1, 0, '', true, $2)
       ON CONFLICT (module_id) DO UPDATE SET removed = true, lsn = EXCLUDED.lsn, updated_at = now()
         WHERE module_catalog.lsn < EXCLUDED.lsn`,
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
