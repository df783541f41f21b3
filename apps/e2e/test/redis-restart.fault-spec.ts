import { setTimeout as sleep } from 'node:timers/promises';
import { eventually } from '@platform/testing';
import { FaultSurge } from '../src/faults/fault-surge';
import { sampleOverbooking } from '../src/faults/overbooking-sampler';
import { checkPromises } from '../src/faults/promise-check';
import { StackFaults } from '../src/faults/stack-faults';
import { e2eServices } from '../src/support/e2e-platform';
import { PlatformTruth } from '../src/support/platform-truth';
import { connectReadModels } from '../src/support/read-model-client';
import { RegistrationApi } from '../src/support/registration-api';
import { freshId, moduleVisible } from '../src/support/scenario';
import { ensureStudents } from '../src/support/students';

jest.setTimeout(900_000);

const faults = new StackFaults();

// Redis keeps no data by design (the read models are rebuildable), so a restart brings it back
// empty. A read model is a cache: losing it may slow a request, never refuse a valid one, and it
// must come back by itself, with or without traffic.
(faults.managedHere ? describe : describe.skip)('Redis killed and restarted empty', () => {
  const services = e2eServices();
  const api = new RegistrationApi(services.get('registration-service').url);
  const projector = services.get('read-model-projector');
  const truth = new PlatformTruth();
  const { reader, redis } = connectReadModels();

  beforeAll(() => services.up(), 180_000);
  // A failed expectation must not leave the stack broken for the specs after it.
  afterEach(() => faults.heal(), 180_000);
  afterAll(async () => {
    await services.down();
    await truth.close();
    redis.disconnect();
  });

  async function modulesPage(): Promise<{ moduleId: string; reserved: number; confirmed: number }[]> {
    const answer = await api.call<{ moduleId: string; reserved: number; confirmed: number }[]>(
      'GET',
      '/modules',
    );
    return answer.status === 200 ? answer.body : [];
  }

  it('on a quiet platform: registrations are taken meanwhile, and the pages come back by themselves', async () => {
    const moduleId = freshId('QUIET');
    await truth.createModule({ moduleId, capacity: 5, feeCents: 1500 });
    await moduleVisible(reader, moduleId);
    const [during, after] = await ensureStudents(freshId('redisquiet'), 2);
    const tokens = [await api.signIn(during as string), await api.signIn(after as string)];

    await faults.kill('redis', 'SIGKILL');
    const whileDown = await api.register(tokens[0] as string, moduleId);
    expect(whileDown.status).toBe(202);
    await faults.heal();
    const rightAfter = await api.register(tokens[1] as string, moduleId);
    expect(rightAfter.status).toBe(202);

    // No other traffic: the projector notices the empty Redis on its own and rebuilds.
    const page = await eventually(
      'GET /modules to show the module as Postgres has it',
      async () => {
        const counts = await truth.moduleCounts(moduleId);
        const shown = (await modulesPage()).find((module) => module.moduleId === moduleId);
        return shown && counts && shown.reserved === counts.reserved && shown.confirmed === counts.confirmed
          ? shown
          : undefined;
      },
      120_000,
    );
    expect(page.moduleId).toBe(moduleId);
    await eventually('the projector ready again', () => projector.isReady(), 60_000);
    for (const response of [whileDown, rightAfter]) {
      const ended = await eventually(
        `registration ${response.body.registrationId} to end and show in Redis`,
        async () => (await reader.registration(response.body.registrationId))?.status !== 'PENDING',
        120_000,
      );
      expect(ended).toBe(true);
    }
  });

  it('mid-surge: no valid registration refused, every promise kept, Redis equal to Postgres', async () => {
    const surge = await FaultSurge.prepare('redissurge', api, truth, reader, { students: 80, capacity: 50 });
    const pidsBefore = services.processes.map((service) => [service.service.app, service.pid]);
    const overbooking = sampleOverbooking(truth, surge.moduleId);

    const surging = surge.run({ ratePerSecond: 20 });
    await sleep(1_500);
    await faults.kill('redis', 'SIGKILL');
    await sleep(3_000);
    await faults.heal();
    const outcome = await surging;
    const samples = await overbooking.stop();

    expect(services.processes.map((service) => [service.service.app, service.pid])).toEqual(pidsBefore);
    const report = await checkPromises({ api, truth, reader, surge, outcome, overbooking: samples });
    expect(report.violations).toEqual([]);
    expect(report.terminal).toBe(surge.size);
    await eventually('every service ready again', async () =>
      (await services.status()).every((state) => state.state === 'ready'),
    );
  });
});
