import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '../../..');
export const k8sRoot = resolve(repoRoot, 'k8s');
export const strimziSchemasDir = resolve(repoRoot, '../shared/schemas/strimzi');

export interface ConnectorDefinition {
  name: string;
  config: Record<string, string>;
}

/** The versioned connector files in infra/connectors, sorted by file name. */
export function loadConnectorDefinitions(dir = resolve(repoRoot, 'infra/connectors')): ConnectorDefinition[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const definition = JSON.parse(readFileSync(resolve(dir, file), 'utf8')) as ConnectorDefinition;
      if (!definition.name || typeof definition.config !== 'object') {
        throw new Error(`${file}: a connector file needs "name" and "config"`);
      }
      return definition;
    });
}

export interface AppFiles {
  name: string;
  /** Whether apps/<name>/src/main.ts exists: the app is a deployable process. */
  deployable: boolean;
  /** The variables of apps/<name>/.env.example, in order ({} when there is none). */
  envExample: Record<string, string>;
}

/** Every folder of apps/ (apps/e2e included, with deployable false). */
export function loadApps(dir = resolve(repoRoot, 'apps')): AppFiles[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const envFile = resolve(dir, name, '.env.example');
      return {
        name,
        deployable: existsSync(resolve(dir, name, 'src/main.ts')),
        envExample: existsSync(envFile) ? parseEnvFile(readFileSync(envFile, 'utf8')) : {},
      };
    });
}

export function parseEnvFile(text: string): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (match?.[1] !== undefined) variables[match[1]] = match[2] ?? '';
  }
  return variables;
}

/** The databases an app connects to: the values of its `<DATABASE>_DB_NAME` variables. */
export function databasesOf(app: AppFiles): string[] {
  return Object.entries(app.envExample)
    .filter(([name]) => name.endsWith('_DB_NAME'))
    .map(([, value]) => value);
}
