import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadStackConfig, scrapeJobs } from '@platform/stack';
import { selectModule, type RealtimeClient } from '@platform/realtime-client';
import { eventually } from '@platform/testing';
import { dashboardQueries, wordsIn, type PanelQuery } from './support/dashboards';
import { e2eServices } from './support/e2e-platform';
import { connectLiveClient } from './support/live-client';
import { PlatformTruth } from './support/platform-truth';
import { PrometheusApi } from './support/prometheus-api';
import { connectReadModels } from './support/read-model-client';
import { RegistrationApi } from './support/registration-api';
import { freshId, moduleVisible, settled } from './support/scenario';
import { ensureStudents } from './support/students';

jest.setTimeout(300_000);

// The native stack's Prometheus scrapes every service, and every panel of the Grafana dashboards
// shows data once a registration has gone through: the dashboards are not just valid, they work.
describe('metrics in the native Prometheus', () => {
  const config = loadStackConfig();
  const prometheus = new PrometheusApi(config.endpoints.prometheus.url);
  const services = e2eServices();
  const api = new RegistrationApi(services.get('registration-service').url);
  const truth = new PlatformTruth();
  const { reader, redis } = connectReadModels();
  let client: RealtimeClient | undefined;

  afterAll(async () => {
    client?.close();
    await truth.close();
    redis.disconnect();
  });

  it('scrapes every service that serves /metrics', async () => {
    const jobs = scrapeJobs(config.repoRoot).map(({ job }) => job);
    expect(jobs.length).toBeGreaterThan(0);

    const up = await eventually(
      'every service to be scraped successfully',
      async () => {
        const upJobs = await prometheus.upJobs();
        return jobs.every((job) => upJobs.includes(job)) ? upJobs : undefined;
      },
      60_000,
    ).catch(async (error: Error) => {
      throw new Error(`${error.message}; up now: ${(await prometheus.upJobs()).join(', ')}`);
    });
    expect(up).toEqual(expect.arrayContaining(jobs));
  });

  it('answers every panel query of every dashboard once a registration went through', async () => {
    const moduleId = freshId('METRICS');
    await truth.createModule({ moduleId, capacity: 2, feeCents: 1000 });
    await moduleVisible(reader, moduleId);
    const [studentId] = await ensureStudents(freshId('metrics'), 1);
    const token = await api.signIn(studentId as string);
    client = connectLiveClient(services.get('notification-gateway').url, token, [
      `modules:${moduleId}`,
      'registrations:me',
    ]);
    const live = client;
    await eventually('the module on the live connection', () =>
      selectModule(moduleId)(live.store.getState()),
    );

    const accepted = await api.register(token, moduleId);
    expect(accepted.status).toBe(202);
    expect(await settled(api, token, accepted.body.registrationId)).toMatchObject({ status: 'COMPLETED' });
    await eventually(
      'the seat change pushed over the WebSocket',
      () => selectModule(moduleId)(live.store.getState())?.available === 1,
    );

    const queries = dashboardQueries(resolve(config.repoRoot, 'infra/compose/grafana/dashboards'));
    expect(queries.length).toBeGreaterThan(0);
    let unanswered: string[] = [];
    await eventually(
      'every dashboard query to return data of the running services',
      async () => {
        unanswered = await unansweredQueries(prometheus, queries);
        if (unanswered.length > 0) await sleep(500);
        return unanswered.length === 0;
      },
      60_000,
    ).catch(() => undefined);
    expect(unanswered).toEqual([]);
  });
});

/**
 * The panels without data now, and those whose data come only from earlier service processes:
 * Prometheus keeps an hour of history, so a range such as `[1h]` could otherwise be answered by
 * a series the running services no longer expose.
 */
async function unansweredQueries(prometheus: PrometheusApi, queries: PanelQuery[]): Promise<string[]> {
  const known = new Set(await prometheus.metricNames());
  const read = queries.map((query) => wordsIn(query.expr).filter((word) => known.has(word)));
  const live = new Set(await prometheus.liveMetricNames([...new Set(read.flat())]));
  const answers = await Promise.all(queries.map((query) => prometheus.query(query.expr)));
  return queries.flatMap((query, index) => {
    const where = `${query.dashboard} / ${query.panel}: ${query.expr}`;
    if (answers[index]?.length === 0) return [`${where} returns nothing`];
    const stale = (read[index] ?? []).filter((name) => !live.has(name));
    if (stale.length > 0) return [`${where} reads ${stale.join(', ')}, which no running service exposes`];
    return [];
  });
}
