import { loadDatabaseConfig } from '../config';
import { runMigrations } from './migrate';

// `node --import tsx apps/saga-coordinator/src/database/migrate.cli.ts`: the stack runs it
// before registering connectors (they need the publication the migrations create).
runMigrations(loadDatabaseConfig(), (message) => process.stdout.write(`${message}\n`)).then(
  (applied) => process.stdout.write(`saga-coordinator: ${applied.length} migration(s) applied\n`),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
