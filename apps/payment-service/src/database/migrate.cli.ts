import { loadDatabaseConfig } from '../config';
import { runMigrations } from './migrate';

// `node --import tsx apps/payment-service/src/database/migrate.cli.ts`: the stack runs it before
// registering connectors (they need the publication the migrations create).
runMigrations(loadDatabaseConfig(), (message) => process.stdout.write(`${message}\n`)).then(
  (applied) => process.stdout.write(`payment-service: ${applied.length} migration(s) applied\n`),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
