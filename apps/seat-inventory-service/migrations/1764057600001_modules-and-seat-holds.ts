import type { MigrationBuilder } from 'node-pg-migrate';

export function up(pgm: MigrationBuilder): void {
  pgm.createTable('modules', {
    module_id: { type: 'text', primaryKey: true },
    title: { type: 'text', notNull: true },
    capacity: { type: 'integer', notNull: true },
    reserved: { type: 'integer', notNull: true, default: 0 },
    confirmed: { type: 'integer', notNull: true, default: 0 },
    updated_at: { type: 'timestamptz', notNull: true, default: pgm.func('now()') },
  });
  // The last line of defence against overbooking: even a wrong UPDATE cannot commit past capacity.
  pgm.addConstraint('modules', 'modules_seats_within_capacity', {
    check: 'capacity >= 0 AND reserved >= 0 AND confirmed >= 0 AND reserved + confirmed <= capacity',
  });

  // One row per registration makes Confirm and Release idempotent and remembers a release that
  // arrived before its reservation, so the late reservation holds no seat.
  pgm.createTable('seat_holds', {
    registration_id: { type: 'text', primaryKey: true },
    module_id: { type: 'text', notNull: true, references: 'modules', onDelete: 'CASCADE' },
    state: { type: 'text', notNull: true, check: "state IN ('RESERVED', 'CONFIRMED', 'RELEASED')" },
    updated_at: { type: 'timestamptz', notNull: true, default: pgm.func('now()') },
  });
  pgm.createIndex('seat_holds', 'module_id');
}

export function down(pgm: MigrationBuilder): void {
  pgm.dropTable('seat_holds');
  pgm.dropTable('modules');
}
