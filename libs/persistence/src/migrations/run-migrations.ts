import { basename, extname } from 'node:path';
import { runner, type MigrationBuilder } from 'node-pg-migrate';
import type { ClientConfig } from 'pg';

/** What a migration file exports (node-pg-migrate's shape). `down = false` marks it irreversible. */
export interface MigrationFile {
  up?: ((pgm: MigrationBuilder) => void | Promise<void>) | false;
  down?: ((pgm: MigrationBuilder) => void | Promise<void>) | false;
}

export interface MigrationSet {
  /** The app's migrations folder; node-pg-migrate lists it to know the order and names. */
  dir: string;
  /** Every file of the folder by name without extension, imported by the app. */
  files: Record<string, MigrationFile>;
}

/**
 * Applies the pending migrations of one database, in one transaction, under node-pg-migrate's
 * advisory lock (two instances starting at once take turns). The files are imported by the app
 * rather than loaded from disk, so they run the same under swc, tsx, Jest and a bundle.
 */
export async function runMigrations(
  database: ClientConfig,
  migrations: MigrationSet,
  log: (message: string) => void = () => {},
): Promise<string[]> {
  const applied = await runner({
    databaseUrl: database,
    dir: migrations.dir,
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
            const actions = migrations.files[name];
            if (!actions)
              throw new Error(`migration ${filePath} is not registered in the app's migration set`);
            return { id: filePath, filePaths: [filePath], actions };
          }),
      },
    ],
  });
  return applied.map((migration) => migration.name);
}
