import type { MigrationBuilder } from 'node-pg-migrate';

export function up(pgm: MigrationBuilder): void {
  // One row per registration saga. Every input locks its row (SELECT … FOR UPDATE), so events of
  // one registration arriving on different topics and partitions are applied one at a time.
  pgm.createTable('saga_instances', {
    registration_id: { type: 'text', primaryKey: true },
    status: { type: 'text', notNull: true },
    state: { type: 'jsonb', notNull: true },
    version: { type: 'integer', notNull: true },
    // Deadlines are rows, so they survive a restart; the poller reads them through the index.
    deadline_at: { type: 'timestamptz' },
    // What commands sent on a deadline carry: the flow's correlation id, and as their cause the
    // message that last advanced the saga.
    correlation_id: { type: 'text', notNull: true },
    causation_id: { type: 'text', notNull: true },
    created_at: { type: 'timestamptz', notNull: true, default: pgm.func('now()') },
    updated_at: { type: 'timestamptz', notNull: true, default: pgm.func('now()') },
  });
  pgm.createIndex('saga_instances', 'deadline_at', {
    name: 'saga_instances_deadline_at',
    where: 'deadline_at IS NOT NULL',
  });
  pgm.createIndex('saga_instances', 'status');

  // The recorded history: every input an instance saw and the commands it sent in answer.
  pgm.createTable('saga_history', {
    registration_id: { type: 'text', notNull: true },
    seq: { type: 'integer', notNull: true },
    input: { type: 'jsonb', notNull: true },
    commands: { type: 'jsonb', notNull: true },
    at: { type: 'timestamptz', notNull: true, default: pgm.func('now()') },
  });
  pgm.addConstraint('saga_history', 'saga_history_pkey', { primaryKey: ['registration_id', 'seq'] });
}

export function down(pgm: MigrationBuilder): void {
  pgm.dropTable('saga_history');
  pgm.dropTable('saga_instances');
}
