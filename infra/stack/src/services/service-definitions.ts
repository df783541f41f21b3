import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';

/** A deployable service of apps/: it has `src/main.ts` and documents its settings in `.env.example`. */
export interface ServiceDefinition {
  app: string;
  main: string;
  tsconfig: string;
  /** The app's own defaults, from its `.env.example`. */
  defaults: Record<string, string>;
  httpPort: number;
}

export function findServices(repoRoot: string): ServiceDefinition[] {
  const appsDir = resolve(repoRoot, 'apps');
  return readdirSync(appsDir)
    .sort()
    .flatMap((app) => {
      const main = resolve(appsDir, app, 'src/main.ts');
      const envExample = resolve(appsDir, app, '.env.example');
      if (!existsSync(main) || !existsSync(envExample)) return [];
      const defaults = parseEnv(readFileSync(envExample, 'utf8')) as Record<string, string>;
      const httpPort = Number(defaults.HTTP_PORT);
      if (!Number.isInteger(httpPort)) throw new Error(`apps/${app}/.env.example must set HTTP_PORT`);
      return [{ app, main, tsconfig: resolve(appsDir, app, 'tsconfig.json'), defaults, httpPort }];
    });
}
