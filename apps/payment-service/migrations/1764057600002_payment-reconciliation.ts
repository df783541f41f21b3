import type { MigrationBuilder } from 'node-pg-migrate';

export function up(pgm: MigrationBuilder): void {
  pgm.addColumns('payments', {
    // The ChargePayment behind a failed attempt, so a refund found later continues its saga's correlation.
    cause_message_id: { type: 'text' },
    correlation_id: { type: 'text' },
    // Set once the reconciler asked the provider about a failure whose outcome was unknown.
    reconciled_at: { type: 'timestamptz' },
  });
  // What the reconciler scans on every round: the unreconciled failures, oldest first.
  pgm.createIndex('payments', 'updated_at', {
    name: 'payments_unreconciled_failures',
    where: "status = 'FAILED' AND reconciled_at IS NULL",
  });
}

export function down(pgm: MigrationBuilder): void {
  pgm.dropIndex('payments', 'updated_at', { name: 'payments_unreconciled_failures' });
  pgm.dropColumns('payments', ['cause_message_id', 'correlation_id', 'reconciled_at']);
}
