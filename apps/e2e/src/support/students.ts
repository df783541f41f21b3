import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { databaseEnvironment, loadStackConfig } from '@platform/stack';

const run = promisify(execFile);

/**
 * Creates `count` students `<prefix>-0001`... with the demo password, through registration-service's
 * own seed command (as an operator would), and returns their ids.
 */
export async function ensureStudents(prefix: string, count: number): Promise<string[]> {
  const config = loadStackConfig();
  await run(
    process.execPath,
    [
      '--import',
      'tsx',
      'apps/registration-service/src/database/seed.cli.ts',
      '--students',
      `${prefix}:${count}`,
    ],
    {
      cwd: config.repoRoot,
      env: {
        ...process.env,
        ...databaseEnvironment(config),
        TSX_TSCONFIG_PATH: resolve(config.repoRoot, 'tsconfig.base.json'),
        // A cheap hash: these students sign in by the hundred on a two-core machine.
        PASSWORD_HASH_COST: '10',
      },
    },
  );
  return Array.from({ length: count }, (_, i) => `${prefix}-${String(i + 1).padStart(4, '0')}`);
}
