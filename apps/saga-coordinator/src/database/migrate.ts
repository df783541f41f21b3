import { resolve } from 'node:path';
import { runMigrations as runMigrationSet, type MigrationSet } from '@platform/persistence';
import type { ClientConfig } from 'pg';
import * as outboxAndInbox from '../../migrations/1764057600000_outbox-and-inbox';
import * as sagaInstancesAndHistory from '../../migrations/1764057600001_saga-instances-and-history';
import * as sagaInstancesInFlightIndex from '../../migrations/1764057600002_saga-instances-in-flight-index';
import * as outboxPayloadBytes from '../../migrations/1764057600003_outbox-payload-bytes';

// A new migration file must be listed here as well as created in migrations/.
export const migrationSet: MigrationSet = {
  dir: resolve(__dirname, '../../migrations'),
  files: {
    '1764057600000_outbox-and-inbox': outboxAndInbox,
    '1764057600001_saga-instances-and-history': sagaInstancesAndHistory,
    '1764057600002_saga-instances-in-flight-index': sagaInstancesInFlightIndex,
    '1764057600003_outbox-payload-bytes': outboxPayloadBytes,
  },
};

export function runMigrations(database: ClientConfig, log?: (message: string) => void): Promise<string[]> {
  return runMigrationSet(database, migrationSet, log);
}
