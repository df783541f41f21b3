import { eventually } from '@platform/testing';
import { mapWithLimit } from './support/concurrency';
import { e2eServices } from './support/e2e-platform';
import { PlatformTruth } from './support/platform-truth';
import { connectReadModels } from './support/read-model-client';
import { RegistrationApi, type RegistrationBody } from './support/registration-api';
import { freshId, moduleVisible, settled } from './support/scenario';
import { ensureStudents } from './support/students';

jest.setTimeout(900_000);

// Promises 1-4 of ARCHITECTURE.md when a service dies without warning in the middle of a surge.
describe('crash recovery', () => {
  const services = e2eServices();
  const api = new RegistrationApi(services.get('registration-service').url);
  const truth = new PlatformTruth();
  const { reader, redis } = connectReadModels();

  afterAll(async () => {
    await truth.close();
    redis.disconnect();
  });

  /** Every registration ended, no seat over capacity, and money kept only for a confirmed seat. */
  async function expectPromisesHeld(moduleId: string, capacity: number, outcomes: RegistrationBody[]) {
    const completed = outcomes.filter((outcome) => outcome.status === 'COMPLETED');
    expect(
      outcomes.every((outcome) => outcome.status === 'COMPLETED' || outcome.status === 'CANCELLED'),
    ).toBe(true);
    expect(completed.length).toBeLessThanOrEqual(capacity);
    const counts = await eventually('held seats to settle', async () => {
      const current = await truth.moduleCounts(moduleId);
      return current?.reserved === 0 ? current : undefined;
    });
    expect(counts.confirmed).toBe(completed.length);
    for (const outcome of outcomes) {
      const expected = outcome.status === 'COMPLETED' ? { kept: 1 } : { kept: 0 };
      await eventually(
        `money for ${outcome.registrationId} (${outcome.status}) to be right`,
        async () => {
          const ledger = await truth.providerLedger(outcome.registrationId);
          return ledger.charges - ledger.refunds === expected.kept && ledger.charges <= 1;
        },
        60_000,
      );
    }
    await eventually('the read model to equal Postgres', async () => {
      const view = await reader.module(moduleId);
      return view?.reserved === counts.reserved && view.confirmed === counts.confirmed;
    });
  }

  it.each(['saga-coordinator', 'seat-inventory-service'])(
    'ends every saga when %s is killed with SIGKILL mid-surge and restarted',
    async (app) => {
      const capacity = 20;
      const moduleId = freshId('CRASH');
      await truth.createModule({ moduleId, capacity, feeCents: 3000 });
      await moduleVisible(reader, moduleId);
      const students = await ensureStudents(freshId('crash'), 60);
      const tokens = await mapWithLimit(students, 16, (studentId) => api.signIn(studentId));

      const accepted = await Promise.all(tokens.map((token) => api.register(token, moduleId)));
      expect(accepted.every((response) => response.status === 202)).toBe(true);
      const victim = services.get(app);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const unfinished = (await truth.registrationStatuses(moduleId)).filter(
        (row) => row.status === 'PENDING',
      );
      await victim.kill('SIGKILL');
      expect(unfinished.length).toBeGreaterThan(0);
      victim.start();
      await victim.waitReady();

      const outcomes = await mapWithLimit(accepted, 16, (response, i) =>
        settled(api, tokens[i] as string, response.body.registrationId, 300_000),
      );
      await expectPromisesHeld(moduleId, capacity, outcomes);
    },
  );

  it('charges once and refunds a cancelled registration when payment-service dies between the charge and its commit', async () => {
    const moduleId = freshId('PAYCRASH');
    await truth.createModule({ moduleId, capacity: 5, feeCents: 3000 });
    await moduleVisible(reader, moduleId);
    const [studentId] = (await ensureStudents(freshId('paycrash'), 1)) as [string];
    const token = await api.signIn(studentId);

    const payment = services.get('payment-service');
    await payment.stop();
    const crashing = e2eServices({
      'payment-service': { PAYMENT_FAULT_CRASH_AFTER_CHARGE_FOR_STUDENT: studentId },
    }).get('payment-service');
    crashing.start();
    await crashing.waitReady();

    const accepted = await api.register(token, moduleId);
    expect(accepted.status).toBe(202);
    const registrationId = accepted.body.registrationId;
    await eventually(
      'payment-service to die after the provider took the money',
      () => crashing.pid === undefined,
    );
    expect(await truth.providerLedger(registrationId)).toEqual({ charges: 1, refunds: 0 });
    expect(await truth.paymentStatus(registrationId)).toBeUndefined();

    payment.start();
    await payment.waitReady();
    const outcome = await settled(api, token, registrationId);

    const ledger = await eventually(
      'the ledger to settle',
      async () => {
        const current = await truth.providerLedger(registrationId);
        const settledMoney = outcome.status === 'COMPLETED' ? current.refunds === 0 : current.refunds === 1;
        return settledMoney ? current : undefined;
      },
      60_000,
    );
    expect(ledger.charges).toBe(1);
  });
});
