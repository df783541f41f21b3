import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Panel {
  type: string;
  title: string;
  targets?: { expr?: string }[];
  panels?: Panel[];
}

interface Dashboard {
  title: string;
  panels: Panel[];
  templating?: { list: { name: string; allValue?: string }[] };
}

export interface PanelQuery {
  dashboard: string;
  panel: string;
  /** The query with every Grafana variable replaced, ready for Prometheus. */
  expr: string;
}

// What Grafana puts in for its built-in variables on a short time range; the native Prometheus
// scrapes every second, so each of these windows holds many samples.
const BUILT_IN: Record<string, string> = {
  __rate_interval: '1m',
  __interval: '15s',
  __interval_ms: '15000',
  __range: '5m',
  __range_s: '300',
  __range_ms: '300000',
};

/**
 * Replaces `$name`, `${name}`, `${name:format}` and `[[name]]` with the dashboard's value or a
 * built-in one. Dashboard variables take "All" (their allValue, else any value).
 */
export function withGrafanaVariables(expr: string, variables: Record<string, string>): string {
  return expr.replace(/\$\{(\w+)(?::\w+)?\}|\[\[(\w+)\]\]|\$(\w+)/g, (match, braced, bracketed, bare) => {
    const name = (braced ?? bracketed ?? bare) as string;
    const value = variables[name] ?? BUILT_IN[name];
    if (value === undefined) throw new Error(`no value for the Grafana variable ${match} in ${expr}`);
    return value;
  });
}

/** Every Prometheus query of every panel (rows' panels included) of the dashboards in `dir`. */
export function dashboardQueries(dir: string): PanelQuery[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .flatMap((file) => {
      const dashboard = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Dashboard;
      const variables = Object.fromEntries(
        (dashboard.templating?.list ?? []).map((variable) => [variable.name, variable.allValue ?? '.*']),
      );
      const panels = dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]);
      return panels.flatMap((panel) =>
        (panel.targets ?? [])
          .filter((target) => target.expr)
          .map((target) => ({
            dashboard: dashboard.title,
            panel: panel.title,
            expr: withGrafanaVariables(target.expr as string, variables),
          })),
      );
    });
}

/** The words of a query outside its strings: metric names among functions, keywords and labels. */
export function wordsIn(expr: string): string[] {
  const words = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""').match(/[a-zA-Z_:][a-zA-Z0-9_:]*/g) ?? [];
  return [...new Set(words)];
}
