import { resolve } from 'node:path';
import { runMigrations as runMigrationSet, type MigrationSet } from '@platform/persistence';
import type { ClientConfig } from 'pg';
import * as outboxAndInbox from '../../migrations/1764100000000_outbox-and-inbox';
import * as eventStore from '../../migrations/1764100000001_event-store-and-status';
import * as studentsAndSessions from '../../migrations/1764100000002_students-and-sessions';
import * as statusTraceparent from '../../migrations/1764100000003_status-traceparent';
import * as moduleCatalog from '../../migrations/1764100000004_module-catalog';
import * as outboxPayloadBytes from '../../migrations/1764100000005_outbox-payload-bytes';
import * as oneConnectorPublication from '../../migrations/1764100000006_one-connector-publication';

// A new migration file must be listed here as well as created in migrations/.
export const migrationSet: MigrationSet = {
  dir: resolve(__dirname, '../../migrations'),
  files: {
    '1764100000000_outbox-and-inbox': outboxAndInbox,
    '1764100000001_event-store-and-status': eventStore,
    '1764100000002_students-and-sessions': studentsAndSessions,
    '1764100000003_status-traceparent': statusTraceparent,
    '1764100000004_module-catalog': moduleCatalog,
    '1764100000005_outbox-payload-bytes': outboxPayloadBytes,
    '1764100000006_one-connector-publication': oneConnectorPublication,
  },
};

export function runMigrations(database: ClientConfig, log?: (message: string) => void): Promise<string[]> {
  return runMigrationSet(database, migrationSet, log);
}
