import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { connectorEnvironment } from '../components/kafka-connect.component';
import type { StackConfig } from '../stack.config';

const run = promisify(execFile);

/** Every app's copy of a conventional command, such as `src/database/migrate.cli.ts`. */
export function findAppCommands(repoRoot: string, relativePath: string): { app: string; command: string }[] {
  const appsDir = resolve(repoRoot, 'apps');
  return readdirSync(appsDir)
    .sort()
    .map((app) => ({ app, command: resolve(appsDir, app, relativePath) }))
    .filter(({ command }) => existsSync(command));
}

/** Runs that command of every app that has one, side by side, with the databases' credentials. */
export async function runAppCommands(config: StackConfig, relativePath: string): Promise<string[]> {
  const commands = findAppCommands(config.repoRoot, relativePath);
  const env = {
    ...process.env,
    ...connectorEnvironment(config),
    TSX_TSCONFIG_PATH: resolve(config.repoRoot, 'tsconfig.base.json'),
  };
  await Promise.all(
    commands.map(async ({ app, command }) => {
      try {
        await run(process.execPath, ['--import', 'tsx', command], { cwd: config.repoRoot, env });
      } catch (error) {
        const output = (error as { stderr?: string }).stderr || (error as Error).message;
        throw new Error(`${relativePath} of ${app} failed:\n${output}`);
      }
    }),
  );
  return commands.map(({ app }) => app);
}

/**
 * Runs each service's migrations before the connectors are registered: a Debezium connector
 * fails when the publication its service's migrations create does not exist yet. Services still
 * migrate at start (node-pg-migrate's lock makes the two safe together); this only moves the
 * first run earlier, as an init job does in compose and Kubernetes.
 */
export function migrateServices(config: StackConfig): Promise<string[]> {
  return runAppCommands(config, 'src/database/migrate.cli.ts');
}

/** Loads each service's demo data (`src/database/seed.cli.ts`, idempotent). */
export function seedServices(config: StackConfig): Promise<string[]> {
  return runAppCommands(config, 'src/database/seed.cli.ts');
}
