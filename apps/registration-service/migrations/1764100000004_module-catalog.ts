import type { MigrationBuilder } from 'node-pg-migrate';

export function up(pgm: MigrationBuilder): void {
  // This service's own copy of which modules exist and at what fee, kept from seat-inventory's
  // module rows (CDC), so taking a registration never depends on the Redis read model. A removed
  // module keeps its row, and `lsn` (the change's WAL position) lets an older change, replayed or
  // late, never undo a newer one.
  pgm.createTable('module_catalog', {
    module_id: { type: 'text', primaryKey: true },
    fee_cents: { type: 'integer', notNull: true },
    currency: { type: 'text', notNull: true },
    removed: { type: 'boolean', notNull: true, default: false },
    lsn: { type: 'bigint', notNull: true },
    updated_at: { type: 'timestamptz', notNull: true, default: pgm.func('now()') },
  });
}

export const down = false;
