import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { fromRoot } from './workspace';

export const COMPOSE_FILE = 'docker-compose.yml';

type Scalar = string | number | boolean | null;

export interface ComposeBuild {
  context?: string;
  dockerfile?: string;
  args?: Record<string, Scalar> | string[];
}

export interface ComposeHealthcheck {
  test?: string | string[];
  disable?: boolean;
}

export interface ComposeService {
  image?: string;
  build?: string | ComposeBuild;
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: Record<string, Scalar> | string[];
  ports?: (string | number | { published?: string | number; target?: number })[];
  volumes?: (string | { source?: string; target?: string })[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: ComposeHealthcheck;
  restart?: string;
}

export interface ComposeFile {
  name?: string;
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

/** docker-compose.yml as Compose reads it: YAML merge keys (`<<: *anchor`) resolved. */
export function readCompose(): ComposeFile {
  return parse(readFileSync(fromRoot(COMPOSE_FILE), 'utf8'), { merge: true }) as ComposeFile;
}

function keyValues(entries: Record<string, Scalar> | string[] | undefined): Record<string, string> {
  if (entries === undefined) return {};
  if (Array.isArray(entries)) {
    return Object.fromEntries(
      entries.map((entry) => {
        const separator = entry.indexOf('=');
        return separator < 0 ? [entry, ''] : [entry.slice(0, separator), entry.slice(separator + 1)];
      }),
    );
  }
  return Object.fromEntries(
    Object.entries(entries).map(([key, value]) => [key, value === null ? '' : String(value)]),
  );
}

export function environmentOf(service: ComposeService): Record<string, string> {
  return keyValues(service.environment);
}

export function buildArgsOf(service: ComposeService): Record<string, string> {
  return typeof service.build === 'object' ? keyValues(service.build.args) : {};
}

export function dependenciesOf(service: ComposeService): Record<string, string> {
  const dependsOn = service.depends_on ?? {};
  if (Array.isArray(dependsOn)) return Object.fromEntries(dependsOn.map((name) => [name, 'service_started']));
  return Object.fromEntries(
    Object.entries(dependsOn).map(([name, spec]) => [name, spec.condition ?? 'service_started']),
  );
}

/** The host side of each published port (`127.0.0.1:5432:5432` → `5432`). */
export function publishedPortsOf(service: ComposeService): string[] {
  return (service.ports ?? []).map((port) => {
    if (typeof port === 'object') return String(port.published ?? '');
    const parts = String(port).split(':');
    return parts.length >= 2 ? (parts[parts.length - 2] as string) : '';
  });
}

/** Container ports (`3001:3001` → `3001`). */
export function targetPortsOf(service: ComposeService): string[] {
  return (service.ports ?? []).map((port) =>
    typeof port === 'object' ? String(port.target ?? '') : (String(port).split(':').pop() as string),
  );
}

/** `./infra/x:/etc/y:ro` → `{ source: './infra/x', target: '/etc/y' }`. */
export function bindMountsOf(service: ComposeService): { source: string; target: string }[] {
  return (service.volumes ?? []).map((volume) => {
    if (typeof volume === 'object') return { source: volume.source ?? '', target: volume.target ?? '' };
    const [source = '', target = ''] = volume.split(':');
    return { source, target };
  });
}
