import type { MigrationBuilder } from 'node-pg-migrate';

// The publications of the connectors one connector per database replaced (ADR 0008) go. Since
// ADR 0009 the one connector of the shared database owns its publication and creates it itself
// (publication.autocreate.mode=filtered), so no migration creates one.
export function up(pgm: MigrationBuilder): void {
  pgm.sql('DROP PUBLICATION IF EXISTS dbz_outbox, dbz_cdc');
}

export const down = false;
