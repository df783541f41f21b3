import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '../../..');

export function fromRoot(...segments: string[]): string {
  return resolve(repoRoot, ...segments);
}

/** Apps that have a file at `relativePath` (e.g. `src/main.ts`: the deployable ones), sorted. */
export function appsWith(relativePath: string): string[] {
  return readdirSync(fromRoot('apps'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(fromRoot('apps', entry.name, relativePath)))
    .map((entry) => entry.name)
    .sort();
}

export function deployableApps(): string[] {
  return appsWith('src/main.ts');
}

/** The variables an app's `.env.example` lists (every variable its src/config.ts reads). */
export function envExampleOf(app: string): Record<string, string> {
  const file = fromRoot('apps', app, '.env.example');
  if (!existsSync(file)) throw new Error(`apps/${app}/.env.example is missing`);
  const entries = readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line): [string, string] => {
      const separator = line.indexOf('=');
      return separator < 0 ? [line, ''] : [line.slice(0, separator).trim(), line.slice(separator + 1)];
    });
  return Object.fromEntries(entries);
}
