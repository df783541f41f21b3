import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConsumerReadiness } from '@platform/service-kit';
import { AppModule } from '../src/app.module';
import { PaymentDatabase } from '../src/database/database';
import { PaymentReconciler } from '../src/payment/payment.reconciler';
import { PAYMENT_REPOSITORY, type PaymentRepository } from '../src/payment/payment.repository';
import { PAYMENT_PROVIDER, type PaymentProviderPort } from '../src/provider/provider.port';
import { SimulatedProviderHost } from '../src/provider/provider.module';
import { PaymentTraffic } from './support/payment-events';
import { eventually, freshId, stackConfig } from './support/stack';

// A charge that outlives our timeout and lands at the provider afterwards: the service reports
// PaymentFailed PROVIDER_TIMEOUT (so the saga cancels and releases the seat), and its reconciler
// later finds the money under the registration's key and gives it back with one PaymentRefunded.
// The app runs in process in a consumer group of its own, and its reconciler only looks at this
// spec's registrations, so the service and other specs on the same stack are left alone.
jest.setTimeout(240_000);

const eur = (amountCents: number) => ({ amountCents, currency: 'EUR' });

describe('payment-service reconciler', () => {
  const prefix = freshId('pay-rec');
  // Every attempt (3 x 300 ms) gives up long before the provider takes the money (3 s); the
  // reconciler asks once a failure is 3 s old, every 500 ms.
  const config = {
    ...stackConfig({
      PAYMENT_PROVIDER_TIMEOUT_MS: '300',
      PAYMENT_SIM_HANG_MS: '3000',
      PAYMENT_BREAKER_THRESHOLD: '50',
      PAYMENT_RECONCILE_INTERVAL_MS: '500',
      PAYMENT_RECONCILE_SETTLE_MS: '3000',
      PAYMENT_RECONCILE_REGISTRATION_PREFIX: prefix,
    }),
    httpPort: 0,
  };
  const traffic = new PaymentTraffic(config.kafka.brokers, prefix);
  let app: INestApplication;
  let baseUrl: string;

  const registration = (name: string) => `${prefix}-${name}`;
  const charge = (registrationId: string, amountCents = 12_500) =>
    traffic.producer.send('ChargePayment', {
      registrationId,
      studentId: `stu-${registrationId}`,
      amount: eur(amountCents),
    });
  const ledgerRows = async (table: 'provider_charges' | 'provider_refunds', key: string) =>
    (
      await app
        .get(SimulatedProviderHost)
        .database.query<{ reference: string; status?: string; amount: string }>(
          `SELECT * FROM ${table} WHERE idempotency_key = $1`,
          [key],
        )
    ).rows;
  const paymentRows = async (registrationId: string) =>
    (
      await app.get(PaymentDatabase).query<{
        status: string;
        payment_id: string | null;
        provider_reference: string | null;
        refund_reference: string | null;
        reconciled: boolean;
      }>(
        `SELECT status, payment_id, provider_reference, refund_reference, reconciled_at IS NOT NULL AS reconciled
         FROM payments WHERE registration_id = $1`,
        [registrationId],
      )
    ).rows;
  const metric = async (line: RegExp) => {
    const text = await (await fetch(`${baseUrl}/metrics`)).text();
    return Number(
      text
        .split('\n')
        .find((l) => line.test(l))
        ?.split(' ')
        .pop() ?? 0,
    );
  };

  beforeAll(async () => {
    app = await NestFactory.create(
      AppModule.forRoot(config, {
        groupId: `test.payment-reconciler-${randomUUID().slice(0, 8)}`,
        fromBeginning: false,
      }),
      { logger: process.env.TEST_NEST_LOGS ? undefined : false },
    );
    app.enableShutdownHooks();
    await app.listen(0, '127.0.0.1');
    app.get(ConsumerReadiness).markStarted();
    baseUrl = await app.getUrl();
    await traffic.start();

    await eventually(
      'the service and the event reader to be assigned',
      async () => {
        const probe = registration(`probe-${randomUUID().slice(0, 8)}`);
        await charge(probe);
        return eventually('a probe answer', () => traffic.answered(probe), 3_000).catch(() => false);
      },
      120_000,
    );
  });

  afterAll(async () => {
    await traffic.stop();
    await app?.close();
  });

  it('refunds a charge that landed after PaymentFailed PROVIDER_TIMEOUT, with exactly one PaymentRefunded', async () => {
    const registrationId = registration('late');
    const command = await charge(registrationId, 10_093);

    await eventually('PaymentFailed', () => traffic.of('PaymentFailed', registrationId).length > 0, 60_000);
    expect(traffic.of('PaymentFailed', registrationId)[0]?.data.reason?.code).toBe('PROVIDER_TIMEOUT');
    expect(traffic.of('PaymentConfirmed', registrationId)).toEqual([]);

    await eventually(
      'PaymentRefunded',
      () => traffic.of('PaymentRefunded', registrationId).length > 0,
      60_000,
    );
    const [charged] = await ledgerRows('provider_charges', registrationId);
    expect(await ledgerRows('provider_charges', registrationId)).toEqual([
      expect.objectContaining({ status: 'REFUNDED', amount: '10093' }),
    ]);
    const refunds = await ledgerRows('provider_refunds', registrationId);
    expect(refunds).toEqual([expect.objectContaining({ amount: '10093' })]);
    const [payment] = await paymentRows(registrationId);
    expect(payment).toEqual({
      status: 'REFUNDED',
      payment_id: expect.any(String),
      provider_reference: charged?.reference,
      refund_reference: refunds[0]?.reference,
      reconciled: true,
    });

    // Several more rounds pass: nothing is refunded or published again.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const refunded = traffic.of('PaymentRefunded', registrationId);
    expect(refunded).toHaveLength(1);
    expect(refunded[0]?.data).toMatchObject({
      registrationId,
      paymentId: payment?.payment_id,
      amount: eur(10_093),
    });
    expect(refunded[0]?.envelope.causationId).toBe(command.envelope.id);
    expect(refunded[0]?.envelope.correlationId).toBe(command.envelope.correlationId);
    expect(await ledgerRows('provider_refunds', registrationId)).toHaveLength(1);
    expect(await metric(/^payment_reconciled_total\{outcome="refunded"\}/)).toBeGreaterThanOrEqual(1);
  });

  it('settles each payment once when two more reconcilers run at the same time (SKIP LOCKED)', async () => {
    const ids = Array.from({ length: 8 }, (_, i) => registration(`many-${i}`));
    const payments = app.get<PaymentRepository>(PAYMENT_REPOSITORY);
    const { ledger } = app.get(SimulatedProviderHost).provider;
    for (const registrationId of ids) {
      await payments.transaction((tx) =>
        tx.save(
          {
            registrationId,
            status: 'FAILED',
            ...eur(12_500),
            failure: { code: 'PROVIDER_TIMEOUT', message: 'no answer' },
            cause: { messageId: randomUUID(), correlationId: randomUUID() },
          },
          [],
        ),
      );
      await ledger.addCharge({
        idempotencyKey: registrationId,
        ...eur(12_500),
        reference: `pay-${registrationId}`,
      });
    }
    // Without the settle time, these two start before the app's own reconciler would.
    const reconciler = () =>
      new PaymentReconciler(app.get<PaymentProviderPort>(PAYMENT_PROVIDER), payments, {
        ...config.reconciler,
        settleMs: 1,
        registrationPrefix: registration('many-'),
      });

    const [a, b] = await Promise.all([reconciler().reconcile(), reconciler().reconcile()]);

    expect([...a, ...b]).toEqual(ids.map(() => 'refunded'));
    await eventually(
      'a PaymentRefunded for each',
      () => ids.every((id) => traffic.of('PaymentRefunded', id).length > 0),
      60_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    for (const registrationId of ids) {
      expect(traffic.of('PaymentRefunded', registrationId)).toHaveLength(1);
      expect(await ledgerRows('provider_refunds', registrationId)).toHaveLength(1);
      expect(await paymentRows(registrationId)).toEqual([
        expect.objectContaining({ status: 'REFUNDED', reconciled: true }),
      ]);
    }
  });

  it('marks a timed-out payment where nothing was taken as reconciled, without an event', async () => {
    // An amount ending in 92 fails with PROVIDER_UNAVAILABLE and never takes money.
    const registrationId = registration('nothing');
    await charge(registrationId, 10_092);

    await eventually('PaymentFailed', () => traffic.of('PaymentFailed', registrationId).length > 0, 60_000);
    await eventually(
      'the payment reconciled',
      async () => (await paymentRows(registrationId))[0]?.reconciled === true,
      60_000,
    );
    expect(await paymentRows(registrationId)).toEqual([expect.objectContaining({ status: 'FAILED' })]);
    expect(await ledgerRows('provider_charges', registrationId)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(traffic.of('PaymentRefunded', registrationId)).toEqual([]);
    expect(await metric(/^payment_reconciled_total\{outcome="nothing_taken"\}/)).toBeGreaterThanOrEqual(1);
  });
});
