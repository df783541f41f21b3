import type { Queryable } from '@platform/persistence';
import type { ProviderLedgerDatabase } from '../database/database';
import type { LedgerCharge, LedgerRefund, ProviderLedger } from './provider-ledger';

const chargeColumns = `idempotency_key AS "idempotencyKey", amount::int AS "amountCents", currency,
  reference, status`;

/** The simulated provider's ledger in the `payment_provider` database; each write commits on its own. */
export class PostgresProviderLedger implements ProviderLedger {
  constructor(private readonly db: Pick<ProviderLedgerDatabase, 'query' | 'transaction'>) {}

  findCharge(idempotencyKey: string): Promise<LedgerCharge | undefined> {
    return this.chargeOf(this.db, idempotencyKey);
  }

  async addCharge(charge: Omit<LedgerCharge, 'status'>): Promise<LedgerCharge> {
    // One statement: the new charge, or the one the key held before this statement began.
    const result = await this.db.query<LedgerCharge>(
      `WITH inserted AS (
         INSERT INTO provider_charges (idempotency_key, amount, currency, reference, status)
         VALUES ($1, $2, $3, $4, 'CAPTURED') ON CONFLICT (idempotency_key) DO NOTHING
         RETURNING ${chargeColumns}
       )
       SELECT * FROM inserted
       UNION ALL
       SELECT ${chargeColumns} FROM provider_charges WHERE idempotency_key = $1`,
      [charge.idempotencyKey, charge.amountCents, charge.currency, charge.reference],
    );
    // Empty when a concurrent insert of the key committed after this statement's snapshot.
    const stored = result.rows[0] ?? (await this.chargeOf(this.db, charge.idempotencyKey));
    if (!stored) throw new Error(`charge ${charge.idempotencyKey} vanished after its insert`);
    return stored;
  }

  addRefund(refund: LedgerRefund): Promise<LedgerRefund> {
    return this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO provider_refunds (idempotency_key, amount, reference) VALUES ($1, $2, $3)
         ON CONFLICT (idempotency_key) DO NOTHING`,
        [refund.idempotencyKey, refund.amountCents, refund.reference],
      );
      await tx.query(`UPDATE provider_charges SET status = 'REFUNDED' WHERE idempotency_key = $1`, [
        refund.idempotencyKey,
      ]);
      const stored = await tx.query<LedgerRefund>(
        `SELECT idempotency_key AS "idempotencyKey", amount::int AS "amountCents", reference
         FROM provider_refunds WHERE idempotency_key = $1`,
        [refund.idempotencyKey],
      );
      return stored.rows[0]!;
    });
  }

  private async chargeOf(db: Queryable, idempotencyKey: string): Promise<LedgerCharge | undefined> {
    const result = await db.query<LedgerCharge>(
      `SELECT ${chargeColumns} FROM provider_charges WHERE idempotency_key = $1`,
      [idempotencyKey],
    );
    return result.rows[0];
  }
}
