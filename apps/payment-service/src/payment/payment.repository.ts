import type { MessageType } from '@platform/contracts';
import type { OutgoingMessage } from '@platform/messaging';

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
}

/** Where payments are kept, keyed by registration id; Postgres in the service, memory in unit tests. */
export interface PaymentRepository {
  /** Whether the inbox already holds the message: the cheap check before asking the provider. */
  wasDelivered(messageId: string): Promise<boolean>;
  findByRegistration(registrationId: string): Promise<PaymentRecord | undefined>;
  transaction<T>(work: (tx: PaymentTransaction) => Promise<T>): Promise<T>;
}

export const PAYMENT_REPOSITORY = Symbol('PaymentRepository');

/** What the in-memory repository's outbox keeps of a message. */
export type PublishedMessage = Pick<OutgoingMessage, 'topic' | 'key' | 'envelope'> & {
  readonly data: Record<string, unknown>;
};

/** Commits a transaction's writes only when its work succeeds, like the Postgres one. */
export class InMemoryPaymentRepository implements PaymentRepository {
  private readonly records = new Map<string, PaymentRecord>();
  private readonly inbox = new Set<string>();
  readonly outbox: PublishedMessage[] = [];

  wasDelivered(messageId: string): Promise<boolean> {
    return Promise.resolve(this.inbox.has(messageId));
  }

  findByRegistration(registrationId: string): Promise<PaymentRecord | undefined> {
    return Promise.resolve(this.records.get(registrationId));
  }

  private queue: Promise<unknown> = Promise.resolve();

  /** One at a time, as if every transaction locked every row. */
  transaction<T>(work: (tx: PaymentTransaction) => Promise<T>): Promise<T> {
    const run = this.queue.then(() => this.run(work));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async run<T>(work: (tx: PaymentTransaction) => Promise<T>): Promise<T> {
    const records = new Map(this.records);
    const inbox = new Set(this.inbox);
    const outbox: PublishedMessage[] = [];
    const result = await work({
      firstDelivery: (messageId) => {
        const first = !inbox.has(messageId);
        inbox.add(messageId);
        return Promise.resolve(first);
      },
      lockByRegistration: (registrationId) => Promise.resolve(records.get(registrationId)),
      save: (record, replacing) => {
        const current = records.get(record.registrationId);
        if (current && !replacing.includes(current.status)) return Promise.resolve(false);
        records.set(record.registrationId, record);
        return Promise.resolve(true);
      },
      publish: (message) => {
        const { topic, key, envelope, data } = message;
        outbox.push({ topic, key, envelope, data: data as Record<string, unknown> });
        return Promise.resolve();
      },
    });
    records.forEach((record, id) => this.records.set(id, record));
    inbox.forEach((id) => this.inbox.add(id));
    this.outbox.push(...outbox);
    return result;
  }

  all(): readonly PaymentRecord[] {
    return [...this.records.values()];
  }
}
