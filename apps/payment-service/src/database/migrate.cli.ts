import { runCommand } from '@platform/service-kit';
import { loadDatabaseConfig } from '../config';
import { runMigrations } from './migrate';

// `node --import tsx apps/payment-service/src/database/migrate.cli.ts`: the stack runs it before
// registering connectors (they need the publication the migrations create).
void runCommand(async () => {
  const applied = await runMigrations(loadDatabaseConfig(), (message) =>
    process.stdout.write(`${message}\n`),
  );
  process.stdout.write(`payment-service: ${applied.length} migration(s) applied\n`);
});
