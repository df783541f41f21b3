import type { MigrationBuilder } from 'node-pg-migrate';

export function up(pgm: MigrationBuilder): void {
  pgm.createTable('students', {
    student_id: { type: 'text', primaryKey: true },
    display_name: { type: 'text', notNull: true },
    // scrypt, self-describing: `$scrypt$ln=<log2 N>,r=<r>,p=<p>$<salt>$<hash>`.
    password_hash: { type: 'text', notNull: true },
    created_at: { type: 'timestamptz', notNull: true, default: pgm.func('now()') },
  });

  // One row per issued token (session_id = the token's jti): a revoked jti is refused until it
  // would have expired anyway, and the sweeper announces each lapsed session once.
  pgm.createTable('sessions', {
    session_id: { type: 'uuid', primaryKey: true },
    student_id: { type: 'text', notNull: true, references: 'students', onDelete: 'CASCADE' },
    issued_at: { type: 'timestamptz', notNull: true },
    expires_at: { type: 'timestamptz', notNull: true },
    revoked_at: { type: 'timestamptz' },
    expiry_announced_at: { type: 'timestamptz' },
  });
  pgm.createIndex('sessions', 'expires_at', {
    name: 'sessions_awaiting_expiry',
    where: 'revoked_at IS NULL AND expiry_announced_at IS NULL',
  });
}

export function down(pgm: MigrationBuilder): void {
  pgm.dropTable('sessions');
  pgm.dropTable('students');
}
