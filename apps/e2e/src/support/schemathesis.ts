import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadStackConfig } from '@platform/stack';

export interface SchemathesisRun {
  exitCode: number | null;
  /** Everything it printed: the phases, each failure with a curl to reproduce it, the summary. */
  output: string;
}

const CONFIG_FILE = resolve(__dirname, 'schemathesis.toml');

/**
 * `schemathesis run <schemaUrl>` with schemathesis.toml, as ./platform setup installs it
 * (scripts/lib/schemathesis.sh). It keeps a cache in its working directory, so it runs in a
 * temporary one.
 */
export function runSchemathesis(
  schemaUrl: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs: number,
): Promise<SchemathesisRun> {
  const binary = resolve(loadStackConfig().repoRoot, '.tooling/python/bin/schemathesis');
  if (!existsSync(binary)) throw new Error(`${binary} is missing: ./platform setup installs it`);
  const workDir = mkdtempSync(join(tmpdir(), 'schemathesis-'));
  return new Promise((resolveRun, reject) => {
    const child = spawn(binary, ['--config-file', CONFIG_FILE, 'run', schemaUrl, ...args], {
      cwd: workDir,
      env: { ...process.env, ...env },
      timeout: timeoutMs,
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (exitCode) => {
      rmSync(workDir, { recursive: true, force: true });
      resolveRun({ exitCode, output });
    });
  });
}
