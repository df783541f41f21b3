import { runCommand } from '@platform/service-kit';
import { loadDatabaseConfig } from '../config';
import { runMigrations } from './migrate';

// `node --import tsx apps/saga-coordinator/src/database/migrate.cli.ts`: the stack runs it
// before registering connectors (they need the publication the migrations create).
void runCommand(async () => {
  const applied = await runMigrations(loadDatabaseConfig(), (message) =>
    process.stdout.write(`${message}\n`),
  );
  process.stdout.write(`saga-coordinator: ${applied.length} migration(s) applied\n`);
});
