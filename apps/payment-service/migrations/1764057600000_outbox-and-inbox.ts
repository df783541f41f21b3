import type { MigrationBuilder } from 'node-pg-migrate';
import { INBOX_TABLE_DDL, OUTBOX_TABLE_DDL } from '@platform/persistence';

// The shared DDL is idempotent: the stack may have created these tables (and the publication
// Debezium needs) before the service first started.
export function up(pgm: MigrationBuilder): void {
  pgm.sql(OUTBOX_TABLE_DDL);
  pgm.sql(INBOX_TABLE_DDL);
}

export const down = false;
