/** Money the provider took under one idempotency key. */
export interface LedgerCharge {
  readonly idempotencyKey: string;
  readonly amountCents: number;
  readonly currency: string;
  readonly reference: string;
  readonly status: 'CAPTURED' | 'REFUNDED';
}

export interface LedgerRefund {
  readonly idempotencyKey: string;
  readonly amountCents: number;
  readonly reference: string;
}

/**
 * The simulated provider's own books. In the service they live in the `payment_provider`
 * database, committed independently of the payments transaction, so a charge survives a crash of
 * payment-service the way it would at a real provider.
 */
export interface ProviderLedger {
  findCharge(idempotencyKey: string): Promise<LedgerCharge | undefined>;
  /** Stores the charge unless the key already has one; returns the charge the key holds. */
  addCharge(charge: Omit<LedgerCharge, 'status'>): Promise<LedgerCharge>;
  /** Stores the refund unless the key already has one, marks the charge refunded; returns the key's refund. */
  addRefund(refund: LedgerRefund): Promise<LedgerRefund>;
}

export class InMemoryProviderLedger implements ProviderLedger {
  private readonly charges = new Map<string, LedgerCharge>();
  private readonly refunds = new Map<string, LedgerRefund>();

  findCharge(idempotencyKey: string): Promise<LedgerCharge | undefined> {
    return Promise.resolve(this.charges.get(idempotencyKey));
  }

  addCharge(charge: Omit<LedgerCharge, 'status'>): Promise<LedgerCharge> {
    const stored = this.charges.get(charge.idempotencyKey) ?? { ...charge, status: 'CAPTURED' as const };
    this.charges.set(charge.idempotencyKey, stored);
    return Promise.resolve(stored);
  }

  addRefund(refund: LedgerRefund): Promise<LedgerRefund> {
    const charge = this.charges.get(refund.idempotencyKey);
    if (!charge) return Promise.reject(new Error(`no charge under ${refund.idempotencyKey}`));
    const stored = this.refunds.get(refund.idempotencyKey) ?? refund;
    this.refunds.set(refund.idempotencyKey, stored);
    this.charges.set(refund.idempotencyKey, { ...charge, status: 'REFUNDED' });
    return Promise.resolve(stored);
  }

  /** 0 or 1: the number of charges stored under the key. */
  timesCharged(idempotencyKey: string): number {
    return this.charges.has(idempotencyKey) ? 1 : 0;
  }

  isRefunded(idempotencyKey: string): boolean {
    return this.refunds.has(idempotencyKey);
  }
}
