import { resolve } from 'node:path';
import { runMigrations as runMigrationSet, type MigrationSet } from '@platform/persistence';
import type { ClientConfig } from 'pg';
import * as outboxAndInbox from '../../migrations/1764057600000_outbox-and-inbox';
import * as modulesAndSeatHolds from '../../migrations/1764057600001_modules-and-seat-holds';
import * as moduleFeesAndCdc from '../../migrations/1764057600002_module-fees-and-cdc';
import * as modulesTraceparent from '../../migrations/1764057600003_modules-traceparent';
import * as outboxPayloadBytes from '../../migrations/1764057600004_outbox-payload-bytes';
import * as oneConnectorPublication from '../../migrations/1764057600005_one-connector-publication';

// A new migration file must be listed here as well as created in migrations/.
export const migrationSet: MigrationSet = {
  dir: resolve(__dirname, '../../migrations'),
  files: {
    '1764057600000_outbox-and-inbox': outboxAndInbox,
    '1764057600001_modules-and-seat-holds': modulesAndSeatHolds,
    '1764057600002_module-fees-and-cdc': moduleFeesAndCdc,
    '1764057600003_modules-traceparent': modulesTraceparent,
    '1764057600004_outbox-payload-bytes': outboxPayloadBytes,
    '1764057600005_one-connector-publication': oneConnectorPublication,
  },
};

export function runMigrations(database: ClientConfig, log?: (message: string) => void): Promise<string[]> {
  return runMigrationSet(database, migrationSet, log);
}
