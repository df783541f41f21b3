import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { PaymentTraffic } from './support/payment-events';
import { ServiceProcess } from './support/service-process';
import { eventually, freshId, stackConfig, stackEnvironment } from './support/stack';

// A crash at the worst moment: the provider took the money and nothing is recorded on our side.
// The service runs as a process of its own with the fault hook armed for one student, is killed by
// SIGKILL right after the charge, and is started again without the hook: the redelivered command
// asks the provider again with the same idempotency key, gets the same charge back, and the
// payment is recorded and confirmed once.
jest.setTimeout(300_000);

describe('payment-service killed between the provider charge and its transaction', () => {
  const prefix = freshId('pay-crash');
  const studentId = `stu-${prefix}`;
  const config = stackConfig();
  const traffic = new PaymentTraffic(config.kafka.brokers, prefix);
  // A group of its own, from the end: the process consumes only what this spec sends, and its
  // reconciler looks only at this spec's payments.
  const env = stackEnvironment({
    KAFKA_CONSUMER_GROUP: `test.${prefix}`,
    KAFKA_FROM_BEGINNING: 'false',
    PAYMENT_RECONCILE_REGISTRATION_PREFIX: prefix,
  });
  const payments = new Pool(config.databases.payment);
  const ledger = new Pool(config.databases.provider);
  let service: ServiceProcess | undefined;

  beforeAll(() => traffic.start());

  afterAll(async () => {
    await service?.stop();
    await traffic.stop();
    await payments.end();
    await ledger.end();
  });

  it('charges once and confirms after the restart', async () => {
    service = await ServiceProcess.start({ ...env, PAYMENT_FAULT_CRASH_AFTER_CHARGE_FOR_STUDENT: studentId });
    // The new group starts at the end: probe until the process answers.
    await eventually(
      'the process to be assigned',
      async () => {
        const probe = `${prefix}-probe-${randomUUID().slice(0, 8)}`;
        await traffic.producer.send('ChargePayment', {
          registrationId: probe,
          studentId: 'stu-probe',
          amount: { amountCents: 5_000, currency: 'EUR' },
        });
        return eventually('a probe answer', () => traffic.answered(probe), 5_000).catch(() => false);
      },
      120_000,
    );

    const registrationId = `${prefix}-victim`;
    await traffic.producer.send('ChargePayment', {
      registrationId,
      studentId,
      amount: { amountCents: 12_500, currency: 'EUR' },
    });

    const exit = await withinMs(60_000, service.exited, () => `no crash:\n${service?.log}`);
    expect(exit).toEqual({ code: null, signal: 'SIGKILL' });
    const charges = () =>
      ledger.query('SELECT reference FROM provider_charges WHERE idempotency_key = $1', [registrationId]);
    const recorded = () =>
      payments.query<{ status: string; payment_id: string }>(
        'SELECT status, payment_id FROM payments WHERE registration_id = $1',
        [registrationId],
      );
    expect((await charges()).rowCount).toBe(1);
    expect((await recorded()).rowCount).toBe(0);

    // As deployed: partitions the group committed resume there; the killed command's partition
    // may have no commit yet, and is read from its beginning (earlier runs' messages are in the inbox).
    service = await ServiceProcess.start({ ...env, KAFKA_FROM_BEGINNING: 'true' });

    await eventually(
      'PaymentConfirmed after the restart',
      () => traffic.of('PaymentConfirmed', registrationId)[0],
      120_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await charges()).rowCount).toBe(1);
    const rows = (await recorded()).rows;
    expect(rows).toEqual([
      { status: 'CHARGED', payment_id: traffic.of('PaymentConfirmed', registrationId)[0]?.data.paymentId },
    ]);
    expect(traffic.of('PaymentConfirmed', registrationId)).toHaveLength(1);
    expect(traffic.of('PaymentFailed', registrationId)).toHaveLength(0);

    // Nest re-raises SIGTERM once the drain is done; SIGKILL would mean the grace period ran out.
    expect(await service.stop()).toEqual({ code: null, signal: 'SIGTERM' });
    service = undefined;
  });
});

async function withinMs<T>(ms: number, work: Promise<T>, failure: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(failure())), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
