import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '@platform/testing';
import { PrometheusComponent } from '../src/components/prometheus.component';
import { loadStackConfig } from '../src/stack.config';

jest.setTimeout(60_000);

// A Prometheus of its own (temporary state, a port of its own), so the shared stack's is untouched.
describe('the stack Prometheus picks up changed scrape targets without a restart', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'prometheus-reload-'));
  const config = loadStackConfig({ STACK_HOME: stateDir, PROMETHEUS_PORT: '29391' });
  const prometheus = new PrometheusComponent(config);

  const loadedJobs = async (): Promise<string[]> => {
    const response = await fetch(`${config.endpoints.prometheus.url}/api/v1/status/config`);
    const { data } = (await response.json()) as { data: { yaml: string } };
    return [...data.yaml.matchAll(/job_name: (\S+)/g)].map((match) => match[1] as string);
  };

  afterAll(async () => {
    await prometheus.stop();
    expect(prometheus.leftovers()).toEqual([]);
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('reloads on SIGHUP with the new jobs, and leaves an unchanged configuration alone', async () => {
    await prometheus.start();
    const pid = (await prometheus.health()).pid;
    expect(await loadedJobs()).toContain('registration-service');

    const added = [{ job: 'course-generator-demo', target: '127.0.0.1:3999' }];
    expect(prometheus.refreshTargets(added)).toBe(true);
    await eventually('the new job in the loaded configuration', async () =>
      (await loadedJobs()).join() === 'course-generator-demo' ? true : undefined,
    );
    expect((await prometheus.health()).pid).toBe(pid);
    expect(prometheus.refreshTargets(added)).toBe(false);
  });
});
