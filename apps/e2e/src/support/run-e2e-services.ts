import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

const repoRoot = resolve(__dirname, '../../../..');

/** Runs e2e-services.cli.ts (`up` or `down`) with tsx, which resolves the workspace's aliases. */
export function runE2eServices(command: 'up' | 'down'): void {
  execFileSync(process.execPath, ['--import', 'tsx', resolve(__dirname, 'e2e-services.cli.ts'), command], {
    cwd: repoRoot,
    env: { ...process.env, TSX_TSCONFIG_PATH: resolve(repoRoot, 'tsconfig.base.json') },
    stdio: 'inherit',
  });
}
