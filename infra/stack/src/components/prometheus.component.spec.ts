import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { renderPrometheusConfig, scrapeJobs } from './prometheus.component';

interface RenderedConfig {
  global: { scrape_interval: string; scrape_timeout: string };
  scrape_configs: { job_name: string; metrics_path?: string; static_configs: { targets: string[] }[] }[];
}

describe('the Prometheus configuration of the native stack', () => {
  let repoRoot: string;

  const app = (name: string, files: Record<string, string>) => {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(join(repoRoot, 'apps', name, path, '..'), { recursive: true });
      writeFileSync(join(repoRoot, 'apps', name, path), content);
    }
  };
  const nestService = (name: string, port: number) =>
    app(name, {
      'src/main.ts': '',
      'src/app.module.ts': 'HealthModule.forRoot({ consumer: true })',
      '.env.example': `# ${name}\nHTTP_PORT=${port}\nKAFKA_BROKERS=127.0.0.1:19092\n`,
    });

  beforeEach(() => {
    repoRoot = mkdtempSync(join(tmpdir(), 'prometheus-config-'));
    nestService('seat-inventory-service', 4002);
    nestService('payment-service', 4003);
    app('web', { 'src/main.ts': '', '.env.example': 'HTTP_PORT=4000\n' });
    app('e2e', { 'src/support/global-setup.ts': '' });
  });

  afterEach(() => rmSync(repoRoot, { recursive: true, force: true }));

  it("has one job per service that serves /metrics, named after the app, on its .env.example's HTTP_PORT", () => {
    expect(scrapeJobs(repoRoot)).toEqual([
      { job: 'payment-service', target: '127.0.0.1:4003' },
      { job: 'seat-inventory-service', target: '127.0.0.1:4002' },
    ]);
  });

  it('renders those jobs as a scrape configuration, scraped every second on /metrics', () => {
    const config = parse(renderPrometheusConfig(scrapeJobs(repoRoot))) as RenderedConfig;

    expect(config.global).toMatchObject({ scrape_interval: '1s', scrape_timeout: '1s' });
    expect(config.scrape_configs).toEqual([
      { job_name: 'payment-service', static_configs: [{ targets: ['127.0.0.1:4003'] }] },
      { job_name: 'seat-inventory-service', static_configs: [{ targets: ['127.0.0.1:4002'] }] },
    ]);
  });

  it("uses the job names of compose's prometheus.yml for the repository's own services", () => {
    const workspace = join(__dirname, '../../../..');
    const compose = parse(
      readFileSync(join(workspace, 'infra/compose/prometheus/prometheus.yml'), 'utf8'),
    ) as RenderedConfig;
    const composeJobs = compose.scrape_configs.map((job) => job.job_name);

    const jobs = scrapeJobs(workspace).map(({ job }) => job);

    expect(jobs.length).toBeGreaterThan(0);
    expect(composeJobs).toEqual(expect.arrayContaining(jobs));
  });
});
