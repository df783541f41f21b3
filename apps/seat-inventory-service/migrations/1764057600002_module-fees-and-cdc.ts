import type { MigrationBuilder } from 'node-pg-migrate';

export function up(pgm: MigrationBuilder): void {
  // The fee is quoted to the student from the read model, so it travels with the seat counts.
  pgm.addColumns('modules', {
    fee_cents: { type: 'integer', notNull: true, default: 0, check: 'fee_cents >= 0' },
    currency: { type: 'char(3)', notNull: true, default: 'EUR' },
  });
  // Debezium's CDC connector (then cdc-seat-inventory; since 1764057600005 infra/connectors/seat-inventory.json) streams every change of
  // the seat counts to the read-model projector; the outbox keeps its own insert-only publication.
  // The heartbeat table is in both, so each slot's position moves on while the tables are quiet.
  pgm.sql(`
    DO $$
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_publication WHERE pubname = 'dbz_cdc') THEN
        CREATE PUBLICATION dbz_cdc FOR TABLE public.modules, public.debezium_heartbeat WITH (publish = 'insert, update, delete');
      END IF;
    END
    $$;
  `);
}

export const down = false;
