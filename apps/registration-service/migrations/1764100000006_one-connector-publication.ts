import type { MigrationBuilder } from 'node-pg-migrate';
import { connectorPublicationDdl } from '@platform/persistence';

// One Debezium connector reads this database (infra/connectors/registration.json): the outbox,
// the event store (its own outbox) and the status rows, through one publication and one slot.
// The two publications of the connectors it replaced go.
export function up(pgm: MigrationBuilder): void {
  pgm.sql(
    connectorPublicationDdl('dbz_registration', ['outbox', 'registration_events', 'registration_status']),
  );
  pgm.sql('DROP PUBLICATION IF EXISTS dbz_outbox, dbz_cdc');
}

export const down = false;
