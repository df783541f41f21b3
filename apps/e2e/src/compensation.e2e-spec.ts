import { eventually } from '@platform/testing';
import { e2eServices } from './support/e2e-platform';
import { PlatformTruth } from './support/platform-truth';
import { connectReadModels } from './support/read-model-client';
import { RegistrationApi } from './support/registration-api';
import { freshId, moduleVisible, settled } from './support/scenario';
import { ensureStudents } from './support/students';

jest.setTimeout(300_000);

// The simulated provider's test amounts (apps/payment-service/README.md): cents ending in 91 are
// declined; cents ending in 93 hang past the saga's payment deadline and then succeed anyway.
const DECLINED_FEE_CENTS = 5091;
const LATE_SUCCESS_FEE_CENTS = 5093;

describe('compensation', () => {
  const services = e2eServices();
  const api = new RegistrationApi(services.get('registration-service').url);
  const truth = new PlatformTruth();
  const { reader, redis } = connectReadModels();

  afterAll(async () => {
    await truth.close();
    redis.disconnect();
  });

  async function registerOne(feeCents: number) {
    const moduleId = freshId('COMP');
    await truth.createModule({ moduleId, capacity: 5, feeCents });
    await moduleVisible(reader, moduleId);
    const [studentId] = await ensureStudents(freshId('comp'), 1);
    const token = await api.signIn(studentId as string);
    const accepted = await api.register(token, moduleId);
    expect(accepted.status).toBe(202);
    return { moduleId, token, registrationId: accepted.body.registrationId };
  }

  it('cancels with PAYMENT_FAILED when the payment is declined, and gives the seat back', async () => {
    const { moduleId, token, registrationId } = await registerOne(DECLINED_FEE_CENTS);

    const outcome = await settled(api, token, registrationId);

    expect(outcome).toMatchObject({ status: 'CANCELLED', reason: 'PAYMENT_FAILED' });
    expect(await truth.moduleCounts(moduleId)).toMatchObject({ reserved: 0, confirmed: 0 });
    await eventually('the read model to show the seat available again', async () => {
      const view = await reader.module(moduleId);
      return view?.available === 5 && view.reserved === 0;
    });
    expect(await truth.providerLedger(registrationId)).toEqual({ charges: 0, refunds: 0 });
  });

  it('cancels with TIMEOUT when the payment hangs past its deadline, and refunds the late success', async () => {
    const { moduleId, token, registrationId } = await registerOne(LATE_SUCCESS_FEE_CENTS);

    const outcome = await settled(api, token, registrationId);

    expect(outcome).toMatchObject({ status: 'CANCELLED', reason: 'TIMEOUT' });
    expect(await truth.moduleCounts(moduleId)).toMatchObject({ reserved: 0, confirmed: 0 });
    await eventually('the read model to show the seat available again', async () => {
      const view = await reader.module(moduleId);
      return view?.available === 5;
    });
    // The provider finishes the hung charge after the saga gave up; the saga refunds it.
    const ledger = await eventually(
      'the late charge to be refunded',
      async () => {
        const current = await truth.providerLedger(registrationId);
        return current.charges === 1 && current.refunds === 1 ? current : undefined;
      },
      60_000,
    );
    expect(ledger).toEqual({ charges: 1, refunds: 1 });
  });
});
