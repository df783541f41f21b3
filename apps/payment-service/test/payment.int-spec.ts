import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { toOutboundMessage } from '@platform/messaging';
import { ConsumerReadiness } from '@platform/service-kit';
import { AppModule } from '../src/app.module';
import { PaymentDatabase } from '../src/database/database';
import { SimulatedProviderHost } from '../src/provider/provider.module';
import { PaymentTraffic } from './support/payment-events';
import { eventually, freshId, stackConfig } from './support/stack';

// The service in process against the real stack: commands go to payment.commands, the service
// consumes them in its own (fresh) group, asks the simulated provider (its ledger in the
// payment_provider database), records inbox, payment and outbox in one transaction, and Debezium
// publishes the events to payment.events, where a throwaway consumer reads them.
jest.setTimeout(240_000);

const eur = (amountCents: number) => ({ amountCents, currency: 'EUR' });

describe('payment-service', () => {
  // A timeout short enough that an amount ending in 93 outlasts every attempt (3 x 500 ms) and
  // lands late; a breaker that the failing cases here do not open for the cases after them (the
  // breaker itself is covered by the unit specs).
  const prefix = freshId('pay-int');
  const config = {
    ...stackConfig({
      PAYMENT_PROVIDER_TIMEOUT_MS: '500',
      PAYMENT_SIM_HANG_MS: '3000',
      PAYMENT_BREAKER_THRESHOLD: '50',
      // Its reconciler (covered by payment-reconciler.int-spec.ts) keeps to this spec's payments.
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
        .database.query<{ reference: string; status?: string }>(
          `SELECT * FROM ${table} WHERE idempotency_key = $1`,
          [key],
        )
    ).rows;
  const paymentRow = async (registrationId: string) =>
    (
      await app
        .get(PaymentDatabase)
        .query<{ status: string; payment_id: string | null; failure_code: string | null }>(
          'SELECT status, payment_id, failure_code FROM payments WHERE registration_id = $1',
          [registrationId],
        )
    ).rows;
  const inInbox = async (messageId: string) =>
    (await app.get(PaymentDatabase).query('SELECT 1 FROM inbox WHERE message_id = $1', [messageId]))
      .rowCount === 1;

  beforeAll(async () => {
    app = await NestFactory.create(
      AppModule.forRoot(config, {
        groupId: `test.payment-${randomUUID().slice(0, 8)}`,
        fromBeginning: false,
      }),
      { logger: process.env.TEST_NEST_LOGS ? undefined : false },
    );
    app.enableShutdownHooks();
    await app.listen(0, '127.0.0.1');
    app.get(ConsumerReadiness).markStarted();
    baseUrl = await app.getUrl();
    await traffic.start();

    // Both groups start at the end of their topics: resend a probe until its answer comes back,
    // so neither misses what the test sends next.
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

  it('charges once per registration: PaymentConfirmed for the first command, nothing for redeliveries', async () => {
    const registrationId = registration('charge');
    const first = await charge(registrationId);
    await eventually(
      'PaymentConfirmed',
      () => traffic.of('PaymentConfirmed', registrationId).length > 0,
      60_000,
    );

    const [confirmed] = traffic.of('PaymentConfirmed', registrationId);
    expect(confirmed?.envelope.causationId).toBe(first.envelope.id);
    expect(confirmed?.data).toMatchObject({
      registrationId,
      amount: eur(12_500),
      paymentId: expect.any(String),
    });

    // The same message again, then another command for the same registration: both are handled
    // in per-key order, so the second's inbox row means the first redelivery was handled too.
    await traffic.producerPort.send([toOutboundMessage(first)]);
    const again = await charge(registrationId);
    await eventually('the second command in the inbox', () => inInbox(again.envelope.id), 60_000);
    // Let Debezium publish anything the redeliveries might have written.
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    expect(traffic.of('PaymentConfirmed', registrationId)).toHaveLength(1);
    expect(await ledgerRows('provider_charges', registrationId)).toHaveLength(1);
    expect(await paymentRow(registrationId)).toEqual([
      { status: 'CHARGED', payment_id: confirmed?.data.paymentId, failure_code: null },
    ]);
  });

  it('refunds once even when RefundPayment is delivered twice', async () => {
    const registrationId = registration('refund');
    await charge(registrationId);
    await eventually('PaymentConfirmed', () => traffic.of('PaymentConfirmed', registrationId)[0], 60_000);
    const paymentId = traffic.of('PaymentConfirmed', registrationId)[0]!.data.paymentId!;

    const refund = await traffic.producer.send('RefundPayment', {
      registrationId,
      paymentId,
      amount: eur(12_500),
    });
    await traffic.producerPort.send([toOutboundMessage(refund)]);
    const refundAgain = await traffic.producer.send('RefundPayment', {
      registrationId,
      paymentId,
      amount: eur(12_500),
    });

    await eventually(
      'PaymentRefunded',
      () => traffic.of('PaymentRefunded', registrationId).length > 0,
      60_000,
    );
    await eventually('the second refund in the inbox', () => inInbox(refundAgain.envelope.id), 60_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    const refunded = traffic.of('PaymentRefunded', registrationId);
    expect(refunded).toHaveLength(1);
    expect(refunded[0]?.envelope.causationId).toBe(refund.envelope.id);
    expect(refunded[0]?.data).toMatchObject({ registrationId, paymentId, amount: eur(12_500) });
    expect(await ledgerRows('provider_refunds', registrationId)).toHaveLength(1);
    expect(await ledgerRows('provider_charges', registrationId)).toEqual([
      expect.objectContaining({ status: 'REFUNDED' }),
    ]);
    expect(await paymentRow(registrationId)).toEqual([
      expect.objectContaining({ status: 'REFUNDED', payment_id: paymentId }),
    ]);
  });

  it('answers an amount ending in 91 with PaymentFailed DECLINED and takes nothing', async () => {
    const registrationId = registration('declined');
    await charge(registrationId, 10_091);

    await eventually('PaymentFailed', () => traffic.of('PaymentFailed', registrationId).length > 0, 60_000);
    expect(traffic.of('PaymentFailed', registrationId)[0]?.data.reason?.code).toBe('DECLINED');
    expect(await ledgerRows('provider_charges', registrationId)).toEqual([]);
    expect(await paymentRow(registrationId)).toEqual([
      { status: 'FAILED', payment_id: null, failure_code: 'DECLINED' },
    ]);
  });

  it('answers an amount ending in 92 with PaymentFailed PROVIDER_UNAVAILABLE after the retries', async () => {
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
    const retriesBefore = await metric(/^payment_provider_retries_total /);
    const registrationId = registration('unavailable');
    await charge(registrationId, 10_092);

    await eventually('PaymentFailed', () => traffic.of('PaymentFailed', registrationId).length > 0, 60_000);
    expect(traffic.of('PaymentFailed', registrationId)[0]?.data.reason?.code).toBe('PROVIDER_UNAVAILABLE');
    expect(await ledgerRows('provider_charges', registrationId)).toEqual([]);
    expect((await metric(/^payment_provider_retries_total /)) - retriesBefore).toBeGreaterThanOrEqual(
      config.policies.maxRetries,
    );
    expect(
      await metric(/^payment_provider_calls_total\{operation="charge",outcome="unavailable"\}/),
    ).toBeGreaterThanOrEqual(1);
  });

  it('reports a provider that outlasts every attempt (…93) as PROVIDER_TIMEOUT, and finds its late charge on the next command', async () => {
    const registrationId = registration('slow');
    await charge(registrationId, 10_093);

    await eventually('PaymentFailed', () => traffic.of('PaymentFailed', registrationId).length > 0, 60_000);
    expect(traffic.of('PaymentFailed', registrationId)[0]?.data.reason?.code).toBe('PROVIDER_TIMEOUT');
    expect(await paymentRow(registrationId)).toEqual([
      { status: 'FAILED', payment_id: null, failure_code: 'PROVIDER_TIMEOUT' },
    ]);
    // The provider took the money anyway, after our side gave up.
    await eventually(
      'the late charge in the ledger',
      async () => (await ledgerRows('provider_charges', registrationId)).length === 1,
      60_000,
    );

    await charge(registrationId, 10_093);
    await eventually(
      'PaymentConfirmed',
      () => traffic.of('PaymentConfirmed', registrationId).length > 0,
      60_000,
    );
    expect(await ledgerRows('provider_charges', registrationId)).toHaveLength(1);
    expect(await paymentRow(registrationId)).toEqual([expect.objectContaining({ status: 'CHARGED' })]);
  });

  it('reports ready and exposes the provider and messaging metrics', async () => {
    const ready = await fetch(`${baseUrl}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', checks: { database: 'up', consumer: 'up' } });
    expect((await fetch(`${baseUrl}/health/live`)).status).toBe(200);
    const metrics = await (await fetch(`${baseUrl}/metrics`)).text();
    for (const name of [
      'payment_provider_calls_total',
      'payment_provider_call_duration_seconds',
      'payment_provider_retries_total',
      'payment_circuit_state',
      'payment_bulkhead_rejections_total',
      'messaging_messages_consumed_total',
      'process_cpu_user_seconds_total',
    ]) {
      expect(metrics).toContain(name);
    }
  });
});
