import type { MigrationBuilder } from 'node-pg-migrate';

export function up(pgm: MigrationBuilder): void {
  // The fee is quoted to the student from the read model, so it travels with the seat counts.
  pgm.addColumns('modules', {
    fee_cents: { type: 'integer', notNull: true, default: 0, check: 'fee_cents >= 0' },
    currency: { type: 'char(3)', notNull: true, default: 'EUR' },
  });
  // Every change of the seat counts reaches the read-model projector through Debezium
  // (infra/connectors/platform.json), whose publication is the connector's own (ADR 0009).
}

export const down = false;
