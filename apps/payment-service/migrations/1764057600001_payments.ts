import type { MigrationBuilder } from 'node-pg-migrate';

export function up(pgm: MigrationBuilder): void {
  // One row per registration: the registration id is the idempotency key towards the provider,
  // so a charge is recorded once however often its command arrives.
  pgm.createTable('payments', {
    registration_id: { type: 'text', primaryKey: true },
    payment_id: { type: 'text', unique: true },
    amount_cents: { type: 'integer', notNull: true, check: 'amount_cents >= 0' },
    currency: { type: 'char(3)', notNull: true },
    status: { type: 'text', notNull: true, check: "status IN ('CHARGED', 'FAILED', 'REFUNDED')" },
    failure_code: { type: 'text' },
    failure_message: { type: 'text' },
    provider_reference: { type: 'text' },
    refund_reference: { type: 'text' },
    created_at: { type: 'timestamptz', notNull: true, default: pgm.func('now()') },
    updated_at: { type: 'timestamptz', notNull: true, default: pgm.func('now()') },
  });
  pgm.addConstraint('payments', 'payments_status_has_its_details', {
    check: `(status = 'FAILED' AND failure_code IS NOT NULL)
      OR (status = 'CHARGED' AND payment_id IS NOT NULL AND provider_reference IS NOT NULL)
      OR (status = 'REFUNDED' AND payment_id IS NOT NULL AND refund_reference IS NOT NULL)`,
  });
}

export function down(pgm: MigrationBuilder): void {
  pgm.dropTable('payments');
}
