import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { stringify } from 'yaml';
import type { StackConfig } from '../stack.config';
import { ManagedProcess } from '../process/managed-process';
import { waitUntil } from '../health/wait-until';
import { lastLines } from '../health/log-tail';
import { findServices, type ServiceDefinition } from '../services/service-definitions';
import type { Component, Health, ListenPort } from './component';

const PROMETHEUS = '/usr/bin/prometheus';
const RETENTION = '6h';

export interface ScrapeJob {
  /** The app's name, as in compose's prometheus.yml, so the dashboards' queries fit both. */
  job: string;
  target: string;
}

/**
 * A service serves /metrics when its application mounts service-kit's HealthModule, which every
 * NestJS service does; the web page serves files and health only.
 */
export function servesMetrics(service: ServiceDefinition): boolean {
  const appModule = resolve(dirname(service.main), 'app.module.ts');
  return existsSync(appModule) && readFileSync(appModule, 'utf8').includes('HealthModule.forRoot(');
}

/** One job per service of apps/ that serves /metrics, on the HTTP port its .env.example names. */
export function scrapeJobs(repoRoot: string): ScrapeJob[] {
  return findServices(repoRoot)
    .filter(servesMetrics)
    .map((service) => ({ job: service.app, target: `127.0.0.1:${service.httpPort}` }));
}

export function renderPrometheusConfig(jobs: ScrapeJob[]): string {
  const config = {
    // Every second, because the tests assert on fresh samples and the platform promises what a
    // student sees within a second: a 15 s default would leave both waiting on the scrape.
    global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
    scrape_configs: jobs.map(({ job, target }) => ({
      job_name: job,
      static_configs: [{ targets: [target] }],
    })),
  };
  return `# Written by the stack tool on every start from apps/*/.env.example; edits are lost.\n${stringify(config)}`;
}

/** Debian's Prometheus, scraping every service of apps/ on the native stack. */
export class PrometheusComponent implements Component {
  readonly name = 'prometheus';
  readonly logFile: string;
  readonly ports: ListenPort[];
  private readonly dir: string;
  private readonly configFile: string;
  private readonly process: ManagedProcess;

  constructor(private readonly config: StackConfig) {
    const { host, port } = config.endpoints.prometheus;
    this.logFile = resolve(config.logsDir, 'prometheus.log');
    this.ports = [{ host, port, variable: 'PROMETHEUS_PORT' }];
    this.dir = resolve(config.stateDir, 'prometheus');
    this.configFile = resolve(this.dir, 'prometheus.yml');
    this.process = new ManagedProcess({
      name: this.name,
      command: PROMETHEUS,
      args: [
        `--config.file=${this.configFile}`,
        `--storage.tsdb.path=${resolve(this.dir, 'data')}`,
        `--storage.tsdb.retention.time=${RETENTION}`,
        `--web.listen-address=${host}:${port}`,
      ],
      logFile: this.logFile,
      pidFile: resolve(config.runDir, 'prometheus.pid.json'),
    });
  }

  async start(): Promise<void> {
    if (this.process.running() && (await this.ready())) return;
    if (!existsSync(PROMETHEUS))
      throw new Error(`prometheus: ${PROMETHEUS} is missing (./platform setup installs Debian's prometheus)`);
    this.refreshTargets();
    const identity = this.process.start();
    await waitUntil(`prometheus on ${this.config.endpoints.prometheus.url}`, () => this.ready(), {
      timeoutMs: this.config.startTimeoutMs,
      whileAlive: () => this.process.running()?.pid === identity.pid,
    }).catch((error: Error) => {
      throw new Error(`${error.message}\nlast lines of ${this.logFile}:\n${lastLines(this.logFile, 15)}`);
    });
  }

  /**
   * Rewrites the scrape configuration when the services changed (an app added, a port moved) and
   * has a running Prometheus reload it, which it does on SIGHUP, keeping its data. Returns
   * whether anything changed.
   */
  refreshTargets(jobs: ScrapeJob[] = scrapeJobs(this.config.repoRoot)): boolean {
    const wanted = renderPrometheusConfig(jobs);
    if (existsSync(this.configFile) && readFileSync(this.configFile, 'utf8') === wanted) return false;
    mkdirSync(this.dir, { recursive: true });
    writeFileSync(this.configFile, wanted);
    const pid = this.process.running()?.pid;
    if (pid) process.kill(pid, 'SIGHUP');
    return true;
  }

  stop(): Promise<void> {
    return this.process.stop();
  }

  leftovers(): number[] {
    return this.process.leftovers();
  }

  dataDirs(): string[] {
    return [this.dir];
  }

  async health(): Promise<Health> {
    const url = this.config.endpoints.prometheus.url;
    const pid = this.process.running()?.pid;
    if (await this.ready()) return { state: 'healthy', detail: url, pid };
    return pid
      ? { state: 'unhealthy', detail: `process ${pid} runs but ${url}/-/ready does not answer 200`, pid }
      : { state: 'stopped', detail: `nothing answers on ${url}` };
  }

  private async ready(): Promise<boolean> {
    try {
      const response = await fetch(`${this.config.endpoints.prometheus.url}/-/ready`, {
        signal: AbortSignal.timeout(1000),
      });
      return response.ok;
    } catch {
      return false;
    }
  }
}
