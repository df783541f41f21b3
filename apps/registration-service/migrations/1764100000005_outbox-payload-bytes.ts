import type { MigrationBuilder } from 'node-pg-migrate';
import { payloadAsBytesDdl } from '@platform/persistence';

// The payload as the UTF-8 JSON the writer serialised, published byte for byte (infra/connectors);
// the event store is its own outbox, so its events are stored the same way.
export function up(pgm: MigrationBuilder): void {
  pgm.sql(payloadAsBytesDdl('outbox'));
  pgm.sql(payloadAsBytesDdl('registration_events'));
}

export const down = false;
