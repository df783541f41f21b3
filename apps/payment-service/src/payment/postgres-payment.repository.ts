import { Inject, Injectable } from '@nestjs/common';
import type { MessageType } from '@platform/contracts';
import { addToOutbox, firstDelivery, toOutboxRecord, type OutgoingMessage } from '@platform/messaging';
import type { Queryable } from '@platform/persistence';
import { PaymentDatabase } from '../database/database';
import type {
  PaymentLookup,
  PaymentRecord,
  PaymentRepository,
  PaymentStatus,
  PaymentTransaction,
  ReconcileCriteria,
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
  cause_message_id: string | null;
  correlation_id: string | null;
}

const columns = `registration_id, status, amount_cents, currency, payment_id, provider_reference,
  refund_reference, failure_code, failure_message, cause_message_id, correlation_id`;

/** The `payments` table with the service's inbox and outbox, in the `payment` database. */
@Injectable()
export class PostgresPaymentRepository implements PaymentRepository {
  constructor(@Inject(PaymentDatabase) private readonly db: PaymentDatabase) {}

  async lookUp(messageId: string, registrationId: string): Promise<PaymentLookup> {
    const result = await this.db.query<{ delivered: boolean } & Partial<PaymentRow>>(
      `SELECT EXISTS (SELECT 1 FROM inbox WHERE consumer_group = $1 AND message_id = $2) AS delivered,
              ${columns}
       FROM (VALUES (1)) AS one LEFT JOIN payments ON payments.registration_id = $3`,
      [INBOX_GROUP, messageId, registrationId],
    );
    const { delivered, ...row } = result.rows[0]!;
    return { delivered, payment: row.registration_id ? recordOf(row as PaymentRow) : undefined };
  }

  findByRegistration(registrationId: string): Promise<PaymentRecord | undefined> {
    return find(this.db, registrationId, '');
  }

  transaction<T>(work: (tx: PaymentTransaction) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => work(transactionOn(tx)));
  }

  reconcileNext<T>(
    criteria: ReconcileCriteria,
    work: (payment: PaymentRecord, tx: PaymentTransaction) => Promise<T>,
  ): Promise<T | undefined> {
    return this.db.transaction(async (tx) => {
      const result = await tx.query<PaymentRow>(
        `SELECT ${columns} FROM payments
         WHERE status = 'FAILED' AND reconciled_at IS NULL AND failure_code = ANY($1::text[])
           AND updated_at <= now() - $2::double precision * interval '1 millisecond'
           AND updated_at > now() - $3::double precision * interval '1 millisecond'
           AND left(registration_id, length($4::text)) = $4::text
           AND registration_id <> ALL($5::text[])
         ORDER BY updated_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
        [
          [...criteria.failureCodes],
          criteria.settleMs,
          criteria.windowMs,
          criteria.registrationPrefix,
          [...criteria.excluding],
        ],
      );
      const row = result.rows[0];
      return row ? work(recordOf(row), transactionOn(tx)) : undefined;
    });
  }
}

function transactionOn(tx: Queryable): PaymentTransaction {
  return {
    firstDelivery: (messageId) => firstDelivery(tx, INBOX_GROUP, messageId),
    lockByRegistration: (registrationId) => find(tx, registrationId, 'FOR UPDATE'),
    save: (record, replacing) => save(tx, record, replacing),
    publish: <M extends MessageType>(message: OutgoingMessage<M>) => addToOutbox(tx, toOutboxRecord(message)),
    markReconciled: async (registrationId) => {
      await tx.query('UPDATE payments SET reconciled_at = now() WHERE registration_id = $1', [
        registrationId,
      ]);
    },
  };
}

async function find(
  db: Queryable,
  registrationId: string,
  lock: '' | 'FOR UPDATE',
): Promise<PaymentRecord | undefined> {
  const result = await db.query<PaymentRow>(
    `SELECT ${columns} FROM payments WHERE registration_id = $1 ${lock}`,
    [registrationId],
  );
  const row = result.rows[0];
  return row ? recordOf(row) : undefined;
}

function recordOf(row: PaymentRow): PaymentRecord {
  return {
    registrationId: row.registration_id,
    status: row.status,
    amountCents: row.amount_cents,
    currency: row.currency,
    ...(row.payment_id ? { paymentId: row.payment_id } : {}),
    ...(row.provider_reference ? { providerReference: row.provider_reference } : {}),
    ...(row.refund_reference ? { refundReference: row.refund_reference } : {}),
    ...(row.failure_code ? { failure: { code: row.failure_code, message: row.failure_message ?? '' } } : {}),
    ...(row.cause_message_id && row.correlation_id
      ? { cause: { messageId: row.cause_message_id, correlationId: row.correlation_id } }
      : {}),
  };
}

async function save(
  tx: Queryable,
  record: PaymentRecord,
  replacing: readonly PaymentStatus[],
): Promise<boolean> {
  const result = await tx.query(
    `INSERT INTO payments (registration_id, status, amount_cents, currency, payment_id, provider_reference,
                           refund_reference, failure_code, failure_message, cause_message_id, correlation_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $11, $12)
     ON CONFLICT (registration_id) DO UPDATE SET
       status = EXCLUDED.status, amount_cents = EXCLUDED.amount_cents, currency = EXCLUDED.currency,
       payment_id = EXCLUDED.payment_id, provider_reference = EXCLUDED.provider_reference,
       refund_reference = EXCLUDED.refund_reference, failure_code = EXCLUDED.failure_code,
       failure_message = EXCLUDED.failure_message, cause_message_id = EXCLUDED.cause_message_id,
       correlation_id = EXCLUDED.correlation_id, reconciled_at = NULL, updated_at = now()
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
      record.cause?.messageId ?? null,
      record.cause?.correlationId ?? null,
    ],
  );
  return result.rowCount === 1;
}
