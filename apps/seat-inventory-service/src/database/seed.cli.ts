import { runCommand } from '@platform/service-kit';
import { Pool } from 'pg';
import { loadDatabaseConfig } from '../config';
import { runMigrations } from './migrate';
import { demoModules, seedModules } from './seed';

// The demo modules for `./platform start`; existing modules keep their counts.
async function main(): Promise<void> {
  const database = loadDatabaseConfig();
  await runMigrations(database);
  const pool = new Pool(database);
  try {
    await seedModules(pool, demoModules);
  } finally {
    await pool.end();
  }
  process.stdout.write(`seat-inventory-service: ${demoModules.length} demo modules\n`);
}

void runCommand(main);
