import { basename, extname } from 'node:path';
import { runner, type MigrationBuilder } from 'node-pg-migrate';
import { Client, type ClientConfig } from 'pg';

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
 * rather than loaded from disk, so they run the same under swc, tsx, Jest and a bundle. They and
 * their `pgmigrations` table go to the role's schema, the first of its search_path (a service's
 * schema in the shared database, ADR 0009; `public` in a database of its own).
 */
export async function runMigrations(
  database: ClientConfig,
  migrations: MigrationSet,
  log: (message: string) => void = () => {},
): Promise<string[]> {
  const schema = await currentSchemaOf(database);
  const applied = await runner({
    databaseUrl: database,
    schema,
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

async function currentSchemaOf(database: ClientConfig): Promise<string> {
  const client = new Client(database);
  await client.connect();
  try {
    const { rows } = await client.query<{ schema: string | null }>('SELECT current_schema() AS schema');
    const schema = rows[0]?.schema;
    if (!schema) throw new Error(`role ${database.user} has no schema of its own on its search_path`);
    return schema;
  } finally {
    await client.end();
  }
}
