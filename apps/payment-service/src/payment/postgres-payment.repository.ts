import { Inject, Injectable } from '@nestjs/common';
import type { MessageType } from '@platform/contracts';
import { addToOutbox, firstDelivery, toOutboxRecord, type OutgoingMessage } from '@platform/messaging';
import type { Queryable } from '@platform/persistence';
import { PaymentDatabase } from '../database/database';
import type {
  PaymentRecord,
  PaymentRepository,
  PaymentStatus,
  PaymentTransaction,
} from './payment.repository';

/** The inbox's consumer group: the service, not a test's throwaway consumer group. */
export const INBOX_GROUP = 'payment-service';

interface PaymentRow {
  registration_id: string;
  status: PaymentStatus;
  amount_cents: number;
  currency: string;
  payment_id: string | null;
  provider_reference: string | null;
  refund_reference: string | null;
  failure_code: string | null;
  failure_message: string | null;
}

/** The `payments` table with the service's inbox and outbox, in the `payment` database. */
@Injectable()
export class PostgresPaymentRepository implements PaymentRepository {
  constructor(@Inject(PaymentDatabase) private readonly db: PaymentDatabase) {}

  async wasDelivered(messageId: string): Promise<boolean> {
    const result = await this.db.query(
      'SELECT 1 FROM public.inbox WHERE consumer_group = $1 AND message_id = $2',
      [INBOX_GROUP, messageId],
    );
    return (result.rowCount ?? 0) > 0;
  }

  findByRegistration(registrationId: string): Promise<PaymentRecord | undefined> {
    return find(this.db, registrationId, '');
  }

  transaction<T>(work: (tx: PaymentTransaction) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) =>
      work({
        firstDelivery: (messageId) => firstDelivery(tx, INBOX_GROUP, messageId),
        lockByRegistration: (registrationId) => find(tx, registrationId, 'FOR UPDATE'),
        save: (record, replacing) => save(tx, record, replacing),
        publish: <M extends MessageType>(message: OutgoingMessage<M>) =>
          addToOutbox(tx, toOutboxRecord(message)),
      }),
    );
  }
}

async function find(
  db: Queryable,
  registrationId: string,
  lock: '' | 'FOR UPDATE',
): Promise<PaymentRecord | undefined> {
  const result = await db.query<PaymentRow>(
    `SELECT registration_id, status, amount_cents, currency, payment_id, provider_reference,
            refund_reference, failure_code, failure_message
     FROM payments WHERE registration_id = $1 ${lock}`,
    [registrationId],
  );
  const row = result.rows[0];
  if (!row) return undefined;
  return {
    registrationId: row.registration_id,
    status: row.status,
    amountCents: row.amount_cents,
    currency: row.currency,
    ...(row.payment_id ? { paymentId: row.payment_id } : {}),
    ...(row.provider_reference ? { providerReference: row.provider_reference } : {}),
    ...(row.refund_reference ? { refundReference: row.refund_reference } : {}),
    ...(row.failure_code ? { failure: { code: row.failure_code, message: row.failure_message ?? '' } } : {}),
  };
}

async function save(
  tx: Queryable,
  record: PaymentRecord,
  replacing: readonly PaymentStatus[],
): Promise<boolean> {
  const result = await tx.query(
    `INSERT INTO payments (registration_id, status, amount_cents, currency, payment_id, provider_reference,
                           refund_reference, failure_code, failure_message)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (registration_id) DO UPDATE SET
       status = EXCLUDED.status, amount_cents = EXCLUDED.amount_cents, currency = EXCLUDED.currency,
       payment_id = EXCLUDED.payment_id, provider_reference = EXCLUDED.provider_reference,
       refund_reference = EXCLUDED.refund_reference, failure_code = EXCLUDED.failure_code,
       failure_message = EXCLUDED.failure_message, updated_at = now()
     WHERE payments.status = ANY($10::text[])`,
    [
      record.registrationId,
      record.status,
      record.amountCents,
      record.currency,
      record.paymentId ?? null,
      record.providerReference ?? null,
      record.refundReference ?? null,
      record.failure?.code ?? null,
      record.failure?.message ?? null,
      [...replacing],
    ],
  );
  return result.rowCount === 1;
}
