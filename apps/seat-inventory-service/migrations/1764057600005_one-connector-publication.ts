import type { MigrationBuilder } from 'node-pg-migrate';
import { connectorPublicationDdl } from '@platform/persistence';

// One Debezium connector reads this database (infra/connectors/seat-inventory.json): the outbox
// and the seat counts, through one publication and one slot. The two publications of the
// connectors it replaced go.
export function up(pgm: MigrationBuilder): void {
  pgm.sql(connectorPublicationDdl('dbz_seat_inventory', ['outbox', 'modules']));
  pgm.sql('DROP PUBLICATION IF EXISTS dbz_outbox, dbz_cdc');
}

export const down = false;
