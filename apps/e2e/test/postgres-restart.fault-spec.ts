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

jest.setTimeout(900_000);

const faults = new StackFaults();

// A database restart or failover is routine in production: every service must ride it out in
// the same process (no restart, no crash), answer 503 meanwhile, and keep every promise.
(faults.managedHere ? describe : describe.skip)('a Postgres restart in the middle of a surge', () => {
  const services = e2eServices();
  const api = new RegistrationApi(services.get('registration-service').url);
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

  it.each([
    ['an immediate shutdown', 'SIGQUIT'],
    ['a fast shutdown', 'SIGINT'],
  ] as const)('keeps every promise through %s (%s) and a restart', async (_mode, signal) => {
    const surge = await FaultSurge.prepare('pgrestart', api, truth, reader, { students: 80, capacity: 50 });
    const pidsBefore = services.processes.map((service) => [service.service.app, service.pid]);
    const overbooking = sampleOverbooking(truth, surge.moduleId);

    const surging = surge.run({ ratePerSecond: 20 });
    await sleep(1_500);
    await faults.kill('postgres', signal);
    await sleep(3_000);
    await faults.heal();
    const outcome = await surging;
    const samples = await overbooking.stop();

    await eventually('every service ready again', async () => {
      const states = await services.status();
      return states.every((state) => state.state === 'ready');
    });
    expect(services.processes.map((service) => [service.service.app, service.pid])).toEqual(pidsBefore);
    // The fault really met the surge: some POSTs were answered 503 and sent again.
    expect(outcome.retried).toBeGreaterThan(0);
    const report = await checkPromises({ api, truth, reader, surge, outcome, overbooking: samples });
    expect(report.violations).toEqual([]);
    expect(report.terminal).toBe(surge.size);
  });
});
