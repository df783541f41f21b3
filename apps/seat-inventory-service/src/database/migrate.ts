import { basename, extname, resolve } from 'node:path';
import { runner, type MigrationBuilder } from 'node-pg-migrate';
import type { ClientConfig } from 'pg';
import * as outboxAndInbox from '../../migrations/1764057600000_outbox-and-inbox';
import * as modulesAndSeatHolds from '../../migrations/1764057600001_modules-and-seat-holds';

type MigrationFile = {
  up?: ((pgm: MigrationBuilder) => void) | false;
  down?: ((pgm: MigrationBuilder) => void) | false;
};

// Migration files are imported here rather than loaded from disk by node-pg-migrate, so they
// run the same under tsx, Jest and a bundle; the runner still lists the directory and keeps its
// own bookkeeping (pgmigrations) and lock.
const migrations: Record<string, MigrationFile> = {
  '1764057600000_outbox-and-inbox': outboxAndInbox,
  '1764057600001_modules-and-seat-holds': modulesAndSeatHolds,
};

export const migrationsDir = resolve(__dirname, '../../migrations');

export async function runMigrations(
  database: ClientConfig,
  log: (message: string) => void = () => {},
): Promise<string[]> {
  const applied = await runner({
    databaseUrl: database,
    dir: migrationsDir,
    ignorePattern: '(\\..*)|(.*\\.d\\.ts)',
    migrationsTable: 'pgmigrations',
    direction: 'up',
    checkOrder: true,
    singleTransaction: true,
    advisoryLockMode: 'wait',
    log,
    migrationLoaderStrategies: [
      {
        extensions: ['ts', 'js'],
        loader: async (filePaths) =>
          filePaths.map((filePath) => {
            const name = basename(filePath, extname(filePath));
            const actions = migrations[name];
            if (!actions) throw new Error(`migration ${filePath} is not registered in migrate.ts`);
            return { id: filePath, filePaths: [filePath], actions };
          }),
      },
    ],
  });
  return applied.map((migration) => migration.name);
}
