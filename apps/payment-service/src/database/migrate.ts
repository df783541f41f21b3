import { resolve } from 'node:path';
import { runMigrations as runMigrationSet, type MigrationSet } from '@platform/persistence';
import type { ClientConfig } from 'pg';
import * as outboxAndInbox from '../../migrations/1764057600000_outbox-and-inbox';
import * as payments from '../../migrations/1764057600001_payments';
import * as paymentReconciliation from '../../migrations/1764057600002_payment-reconciliation';
import * as outboxPayloadBytes from '../../migrations/1764057600003_outbox-payload-bytes';
import * as providerLedger from '../../provider-migrations/1764057600000_provider-ledger';

// A new migration file must be listed here as well as created in its folder.
export const paymentMigrations: MigrationSet = {
  dir: resolve(__dirname, '../../migrations'),
  files: {
    '1764057600000_outbox-and-inbox': outboxAndInbox,
    '1764057600001_payments': payments,
    '1764057600002_payment-reconciliation': paymentReconciliation,
    '1764057600003_outbox-payload-bytes': outboxPayloadBytes,
  },
};

export const providerLedgerMigrations: MigrationSet = {
  dir: resolve(__dirname, '../../provider-migrations'),
  files: {
    '1764057600000_provider-ledger': providerLedger,
  },
};

/** Both databases: the service's own and the simulated provider's ledger. */
export async function runMigrations(
  databases: { payment: ClientConfig; provider: ClientConfig },
  log?: (message: string) => void,
): Promise<string[]> {
  const applied = await runMigrationSet(databases.payment, paymentMigrations, log);
  return [...applied, ...(await runMigrationSet(databases.provider, providerLedgerMigrations, log))];
}
