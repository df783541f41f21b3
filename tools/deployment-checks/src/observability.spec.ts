import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { bindMountsOf, environmentOf, readCompose } from './compose-file';
import { isRegisteredSeries, metricNamesInCode, metricsInQuery } from './metric-names';
import { deployableApps, fromRoot } from './workspace';

interface Panel {
  type: string;
  title: string;
  datasource?: { uid?: string };
  targets?: { expr?: string }[];
  panels?: Panel[];
}

interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
}

const compose = readCompose();
const DASHBOARDS_DIR = fromRoot('infra/compose/grafana/dashboards');
const dashboards = readdirSync(DASHBOARDS_DIR)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => ({
    file,
    dashboard: JSON.parse(readFileSync(join(DASHBOARDS_DIR, file), 'utf8')) as Dashboard,
  }));
const queries = dashboards.flatMap(({ file, dashboard }) =>
  dashboard.panels
    .filter((panel) => panel.type !== 'row')
    .flatMap((panel) =>
      (panel.targets ?? []).map((target) => ({ file, panel: panel.title, expr: target.expr ?? '' })),
    ),
);
// Apps that serve /metrics: every NestJS service (the web page serves files and health only).
const scrapedApps = deployableApps().filter((app) => app !== 'web');

describe('Prometheus', () => {
  const config = parse(readFileSync(fromRoot('infra/compose/prometheus/prometheus.yml'), 'utf8')) as {
    scrape_configs: { job_name: string; metrics_path?: string; static_configs: { targets: string[] }[] }[];
  };

  it('scrapes /metrics of every service on its compose host and HTTP_PORT', () => {
    const targets = config.scrape_configs.flatMap((job) =>
      job.static_configs.flatMap((group) =>
        group.targets.map((target) => `${job.metrics_path ?? '/metrics'} ${target}`),
      ),
    );
    for (const app of scrapedApps) {
      const port = environmentOf(compose.services[app] ?? {}).HTTP_PORT;
      expect(targets).toContain(`/metrics ${app}:${port}`);
    }
  });

  it('is given that configuration by compose', () => {
    expect(bindMountsOf(compose.services.prometheus ?? {})).toContainEqual({
      source: './infra/compose/prometheus/prometheus.yml',
      target: '/etc/prometheus/prometheus.yml',
    });
  });
});

describe('the Grafana dashboards', () => {
  const registered = metricNamesInCode();

  it('are JSON dashboards with a uid, a title and query panels', () => {
    expect(dashboards.length).toBeGreaterThan(0);
    for (const { dashboard } of dashboards) {
      expect(dashboard.uid).toMatch(/^[a-z0-9-]{1,40}$/);
      expect(dashboard.title).not.toBe('');
      expect(dashboard.panels.filter((panel) => panel.type !== 'row').length).toBeGreaterThan(0);
    }
    expect(new Set(dashboards.map(({ dashboard }) => dashboard.uid)).size).toBe(dashboards.length);
  });

  it('query Prometheus through the provisioned data source', () => {
    const provisioned = parse(
      readFileSync(fromRoot('infra/compose/grafana/provisioning/datasources/datasources.yaml'), 'utf8'),
    ) as { datasources: { uid: string; type: string; url: string }[] };
    const prometheus = provisioned.datasources.find((source) => source.type === 'prometheus');

    expect(prometheus?.url).toBe('http://prometheus:9090');
    for (const { dashboard } of dashboards) {
      for (const panel of dashboard.panels.filter((candidate) => candidate.type !== 'row')) {
        expect({ panel: panel.title, uid: panel.datasource?.uid }).toEqual({
          panel: panel.title,
          uid: prometheus?.uid,
        });
      }
    }
  });

  it('name only metrics the code registers', () => {
    expect(registered.size).toBeGreaterThan(10);
    const unknown = queries.flatMap(({ file, panel, expr }) =>
      metricsInQuery(expr)
        .filter((series) => !isRegisteredSeries(series, registered))
        .map((series) => `${file} "${panel}": ${series}`),
    );
    expect(unknown).toEqual([]);
  });

  it.each([
    [
      'consumer lag per group and partition',
      /messaging_consumer_lag\b[\s\S]*\bby \(group, topic, partition\)|by \(group, topic, partition\) \(messaging_consumer_lag/,
    ],
    ['throughput', /messaging_messages_consumed_total/],
    ['handler latency', /messaging_handler_duration_seconds_bucket/],
    ['dead letters', /messaging_dead_letters_total/],
    ['saga outcomes', /saga_outcomes_total/],
    ['WebSocket connections', /gateway_connections\b/],
    ['push latency', /gateway_push_latency_seconds_bucket/],
  ])('show %s', (_subject, pattern) => {
    expect(queries.some(({ expr }) => pattern.test(expr))).toBe(true);
  });

  it('are provisioned from the folder compose mounts', () => {
    const provider = parse(
      readFileSync(fromRoot('infra/compose/grafana/provisioning/dashboards/dashboards.yaml'), 'utf8'),
    ) as { providers: { options: { path: string } }[] };
    expect(bindMountsOf(compose.services.grafana ?? {})).toContainEqual({
      source: './infra/compose/grafana/dashboards',
      target: provider.providers[0]?.options.path,
    });
  });
});

describe(metricsInQuery.name, () => {
  it('finds the series of a query, not its functions, labels or durations', () => {
    expect(
      metricsInQuery(
        'histogram_quantile(0.95, sum by (le, group) (rate(messaging_handler_duration_seconds_bucket{group=~"$group", outcome!="x"}[1m]))) / on (group) max(sagas_in_flight)',
      ),
    ).toEqual(['messaging_handler_duration_seconds_bucket', 'sagas_in_flight']);
  });
});

describe('tracing', () => {
  const collector = parse(readFileSync(fromRoot('infra/compose/otel/collector.yaml'), 'utf8')) as {
    receivers: { otlp: { protocols: { http: { endpoint: string } } } };
    exporters: Record<string, { endpoint: string }>;
    service: { pipelines: { traces: { receivers: string[]; exporters: string[] } } };
  };

  it("receives the services' OTLP/HTTP spans on 4318 and sends them to Jaeger", () => {
    expect(collector.receivers.otlp.protocols.http.endpoint).toBe('0.0.0.0:4318');
    expect(collector.service.pipelines.traces.receivers).toEqual(['otlp']);
    const exporters = collector.service.pipelines.traces.exporters.map(
      (name) => collector.exporters[name]?.endpoint,
    );
    expect(exporters).toEqual(['jaeger:4317']);
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['otel-collector', 'jaeger']));
  });
});
