import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const repoRoot = resolve(__dirname, '../../../..');

export interface CliResult {
  code: number;
  output: string;
}

/** Runs the stack tool exactly as a person does, in a child process. */
export function runStackCli(...args: string[]): CliResult {
  const result = spawnSync(
    resolve(repoRoot, 'node_modules/.bin/tsx'),
    ['--tsconfig', 'tsconfig.base.json', 'infra/stack/src/cli.ts', ...args],
    { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 300_000 },
  );
  return { code: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}

/** The status line of one component, e.g. "● redis  healthy  1234  127.0.0.1:16379". */
export function statusLine(output: string, component: string): string {
  return output.split('\n').find((line) => new RegExp(`^\\S+ ${component}\\s`).test(line)) ?? '';
}

/** Runs `./platform services …` the same way, with extra environment (STACK_HOME for a folder of its own). */
export function runServicesCli(env: NodeJS.ProcessEnv, ...args: string[]): CliResult {
  const result = spawnSync(
    resolve(repoRoot, 'node_modules/.bin/tsx'),
    ['--tsconfig', 'tsconfig.base.json', 'infra/stack/src/services.cli.ts', ...args],
    { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 300_000 },
  );
  return { code: result.status ?? -1, output: `${result.stdout}${result.stderr}` };
}
