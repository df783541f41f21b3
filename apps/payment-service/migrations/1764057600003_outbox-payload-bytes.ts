import type { MigrationBuilder } from 'node-pg-migrate';
import { payloadAsBytesDdl } from '@platform/persistence';

// The payload as the UTF-8 JSON the writer serialised, published byte for byte (infra/connectors).
export function up(pgm: MigrationBuilder): void {
  pgm.sql(payloadAsBytesDdl('outbox'));
}

export const down = false;
