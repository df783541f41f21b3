import type { MigrationBuilder } from 'node-pg-migrate';

// The simulated provider's books in their own database (payment_provider), so what it took
// survives a crash of payment-service, as money at a real provider does.
export function up(pgm: MigrationBuilder): void {
  pgm.createTable('provider_charges', {
    idempotency_key: { type: 'text', primaryKey: true },
    // In minor units (cents).
    amount: { type: 'bigint', notNull: true, check: 'amount >= 0' },
    currency: { type: 'char(3)', notNull: true },
    reference: { type: 'text', notNull: true, unique: true },
    status: { type: 'text', notNull: true, check: "status IN ('CAPTURED', 'REFUNDED')" },
    created_at: { type: 'timestamptz', notNull: true, default: pgm.func('now()') },
  });
  pgm.createTable('provider_refunds', {
    idempotency_key: { type: 'text', primaryKey: true, references: 'provider_charges' },
    amount: { type: 'bigint', notNull: true, check: 'amount >= 0' },
    reference: { type: 'text', notNull: true, unique: true },
    created_at: { type: 'timestamptz', notNull: true, default: pgm.func('now()') },
  });
}

export function down(pgm: MigrationBuilder): void {
  pgm.dropTable('provider_refunds');
  pgm.dropTable('provider_charges');
}
