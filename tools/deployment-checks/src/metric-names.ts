import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromRoot } from './workspace';

function* typeScriptSources(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') yield* typeScriptSources(path);
    } else if (entry.name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec|fault-spec)\.ts$/.test(entry.name)) {
      yield path;
    }
  }
}

/**
 * The Prometheus metric names the services register: `name: '...'` in every non-test source of
 * apps/ and libs/ that imports prom-client.
 */
export function metricNamesInCode(): Set<string> {
  const names = new Set<string>();
  for (const root of ['apps', 'libs']) {
    for (const file of typeScriptSources(fromRoot(root))) {
      const source = readFileSync(file, 'utf8');
      if (!source.includes("from 'prom-client'")) continue;
      for (const match of source.matchAll(/\bname:\s*'([a-zA-Z_:][a-zA-Z0-9_:]*)'/g))
        names.add(match[1] as string);
    }
  }
  return names;
}

const PROMQL_WORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'and',
  'or',
  'unless',
  'offset',
  'bool',
  'inf',
  'nan',
]);
const HISTOGRAM_SERIES = /_(bucket|sum|count)$/;

/**
 * The series a PromQL expression reads: identifiers that are not functions, keywords, label
 * names in `{...}` or `by (...)`, strings or durations.
 */
export function metricsInQuery(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '');
  const names = [...stripped.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*(?=\s*(\(?))/g)]
    .filter((match) => match[1] !== '(')
    .map((match) => match[0])
    .filter((word) => !PROMQL_WORDS.has(word.toLowerCase()));
  return [...new Set(names)];
}

/** A series is known when a metric of that name is registered, or it is a histogram's `_bucket`, `_sum` or `_count`. */
export function isRegisteredSeries(series: string, registered: ReadonlySet<string>): boolean {
  return registered.has(series) || registered.has(series.replace(HISTOGRAM_SERIES, ''));
}
