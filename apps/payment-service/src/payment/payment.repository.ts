export interface PaymentRecord {
  readonly registrationId: string;
  readonly paymentId: string;
  readonly amountCents: number;
  readonly currency: string;
  readonly refundId?: string;
}

/** Where confirmed payments are kept, keyed by registration id; Postgres in the service, memory in tests. */
export interface PaymentRepository {
  findByRegistration(registrationId: string): Promise<PaymentRecord | undefined>;
  saveConfirmed(record: PaymentRecord): Promise<void>;
  saveRefund(registrationId: string, refundId: string): Promise<void>;
}

export class InMemoryPaymentRepository implements PaymentRepository {
  private readonly records = new Map<string, PaymentRecord>();

  findByRegistration(registrationId: string): Promise<PaymentRecord | undefined> {
    return Promise.resolve(this.records.get(registrationId));
  }

  saveConfirmed(record: PaymentRecord): Promise<void> {
    if (!this.records.has(record.registrationId)) this.records.set(record.registrationId, record);
    return Promise.resolve();
  }

  saveRefund(registrationId: string, refundId: string): Promise<void> {
    const record = this.records.get(registrationId);
    if (!record) return Promise.reject(new Error(`no payment recorded for ${registrationId}`));
    this.records.set(registrationId, { ...record, refundId });
    return Promise.resolve();
  }

  all(): readonly PaymentRecord[] {
    return [...this.records.values()];
  }
}
