import type { MessageType } from '@platform/contracts';
import type { MessageCause, OutgoingMessage } from '@platform/messaging';

export type PaymentStatus = 'CHARGED' | 'FAILED' | 'REFUNDED';

export interface PaymentRecord {
  readonly registrationId: string;
  readonly status: PaymentStatus;
  readonly amountCents: number;
  readonly currency: string;
  /** Ours, minted when the charge is first recorded; what the events and RefundPayment carry. */
  readonly paymentId?: string;
  /** The provider's reference for the charge. */
  readonly providerReference?: string;
  readonly refundReference?: string;
  readonly failure?: { readonly code: string; readonly message: string };
  /** The ChargePayment behind a failed attempt, so what the reconciler finds later continues its saga. */
  readonly cause?: MessageCause;
}

export interface PaymentLookup {
  readonly delivered: boolean;
  readonly payment: PaymentRecord | undefined;
}

/** Which failed payments the reconciler asks the provider about. */
export interface ReconcileCriteria {
  /** Failure codes that leave the outcome unknown: the provider may have taken the money. */
  readonly failureCodes: readonly string[];
  /** Failed at least this long ago, so a charge still under way at the provider has landed. */
  readonly settleMs: number;
  /** Failed less than this long ago; older ones are left to an operator. */
  readonly windowMs: number;
  /** Only registration ids starting with this (empty: all). */
  readonly registrationPrefix: string;
  /** Already tried in this round. */
  readonly excluding: readonly string[];
}

/** What one transaction may do: the inbox, the payment row and the outbox commit together or not at all. */
export interface PaymentTransaction {
  /** Records the message in the inbox; false when it was applied before (a redelivery). */
  firstDelivery(messageId: string): Promise<boolean>;
  /** The registration's payment, locked until the transaction ends. */
  lockByRegistration(registrationId: string): Promise<PaymentRecord | undefined>;
  /**
   * Inserts the registration's payment, or replaces it if its status is one of `replacing`; false
   * when a payment in another status is kept. A concurrent save of the same registration waits
   * for the other transaction and then sees its row.
   */
  save(record: PaymentRecord, replacing: readonly PaymentStatus[]): Promise<boolean>;
  /** Adds the message to the outbox; Debezium publishes it once the transaction commits. */
  publish<T extends MessageType>(message: OutgoingMessage<T>): Promise<void>;
  /** Records that the provider was asked about the payment's unknown outcome; it is not asked again. */
  markReconciled(registrationId: string): Promise<void>;
}

/** Where payments are kept, keyed by registration id; Postgres in the service, memory in unit tests. */
export interface PaymentRepository {
  /**
   * The cheap look before asking the provider, in one read: whether the inbox already holds the
   * message, and the registration's payment as it stands.
   */
  lookUp(messageId: string, registrationId: string): Promise<PaymentLookup>;
  findByRegistration(registrationId: string): Promise<PaymentRecord | undefined>;
  transaction<T>(work: (tx: PaymentTransaction) => Promise<T>): Promise<T>;
  /**
   * Runs `work` in one transaction on the oldest failed payment that meets the criteria, locked
   * until the transaction ends; payments locked by another reconciler are skipped. Undefined when
   * none is left.
   */
  reconcileNext<T>(
    criteria: ReconcileCriteria,
    work: (payment: PaymentRecord, tx: PaymentTransaction) => Promise<T>,
  ): Promise<T | undefined>;
}

export const PAYMENT_REPOSITORY = Symbol('PaymentRepository');

/** What the in-memory repository's outbox keeps of a message. */
export type PublishedMessage = Pick<OutgoingMessage, 'topic' | 'key' | 'envelope'> & {
  readonly data: Record<string, unknown>;
};

interface StoredPayment {
  readonly record: PaymentRecord;
  /** Milliseconds on the repository's clock. */
  readonly updatedAt: number;
  readonly reconciled: boolean;
}

/**
 * Commits a transaction's writes only when its work succeeds, like the Postgres one. A payment
 * being reconciled is locked: other reconcilers skip it, and a transaction that saves or locks it
 * waits until the reconciliation ends.
 */
export class InMemoryPaymentRepository implements PaymentRepository {
  private readonly payments = new Map<string, StoredPayment>();
  private readonly inbox = new Set<string>();
  private readonly locks = new Map<string, Promise<void>>();
  readonly outbox: PublishedMessage[] = [];

  constructor(private readonly clock: () => number = Date.now) {}

  lookUp(messageId: string, registrationId: string): Promise<PaymentLookup> {
    return Promise.resolve({
      delivered: this.inbox.has(messageId),
      payment: this.payments.get(registrationId)?.record,
    });
  }

  findByRegistration(registrationId: string): Promise<PaymentRecord | undefined> {
    return Promise.resolve(this.payments.get(registrationId)?.record);
  }

  private queue: Promise<unknown> = Promise.resolve();

  /** One at a time, as if every transaction locked every row. */
  transaction<T>(work: (tx: PaymentTransaction) => Promise<T>): Promise<T> {
    const run = this.queue.then(() => this.run(work));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async reconcileNext<T>(
    criteria: ReconcileCriteria,
    work: (payment: PaymentRecord, tx: PaymentTransaction) => Promise<T>,
  ): Promise<T | undefined> {
    const now = this.clock();
    const [next] = [...this.payments.values()]
      .filter(
        ({ record, updatedAt, reconciled }) =>
          record.status === 'FAILED' &&
          !reconciled &&
          criteria.failureCodes.includes(record.failure?.code ?? '') &&
          now - updatedAt >= criteria.settleMs &&
          now - updatedAt < criteria.windowMs &&
          record.registrationId.startsWith(criteria.registrationPrefix) &&
          !criteria.excluding.includes(record.registrationId) &&
          !this.locks.has(record.registrationId),
      )
      .sort((a, b) => a.updatedAt - b.updatedAt);
    if (!next) return undefined;
    const { registrationId } = next.record;
    let release!: () => void;
    this.locks.set(registrationId, new Promise<void>((resolve) => (release = resolve)));
    try {
      return await this.run((tx) => work(next.record, tx), registrationId);
    } finally {
      this.locks.delete(registrationId);
      release();
    }
  }

  private async run<T>(work: (tx: PaymentTransaction) => Promise<T>, holding?: string): Promise<T> {
    const written = new Map<string, StoredPayment>();
    const inbox = new Set<string>();
    const outbox: PublishedMessage[] = [];
    const unlocked = async (registrationId: string) => {
      while (registrationId !== holding && this.locks.has(registrationId))
        await this.locks.get(registrationId);
    };
    const current = (registrationId: string) =>
      written.get(registrationId) ?? this.payments.get(registrationId);
    const result = await work({
      firstDelivery: (messageId) => {
        const first = !this.inbox.has(messageId) && !inbox.has(messageId);
        inbox.add(messageId);
        return Promise.resolve(first);
      },
      lockByRegistration: async (registrationId) => {
        await unlocked(registrationId);
        return current(registrationId)?.record;
      },
      save: async (record, replacing) => {
        await unlocked(record.registrationId);
        const stored = current(record.registrationId);
        if (stored && !replacing.includes(stored.record.status)) return false;
        written.set(record.registrationId, { record, updatedAt: this.clock(), reconciled: false });
        return true;
      },
      publish: (message) => {
        const { topic, key, envelope, data } = message;
        outbox.push({ topic, key, envelope, data: data as Record<string, unknown> });
        return Promise.resolve();
      },
      markReconciled: (registrationId) => {
        const stored = current(registrationId);
        if (stored) written.set(registrationId, { ...stored, reconciled: true });
        return Promise.resolve();
      },
    });
    written.forEach((stored, id) => this.payments.set(id, stored));
    inbox.forEach((id) => this.inbox.add(id));
    this.outbox.push(...outbox);
    return result;
  }

  all(): readonly PaymentRecord[] {
    return [...this.payments.values()].map(({ record }) => record);
  }

  isReconciled(registrationId: string): boolean {
    return this.payments.get(registrationId)?.reconciled ?? false;
  }
}
