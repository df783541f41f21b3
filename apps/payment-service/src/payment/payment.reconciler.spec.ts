import { Logger } from '@nestjs/common';
import { InMemoryProviderLedger } from '../provider/provider-ledger';
import { GuardedPaymentProvider } from '../provider/provider.policies';
import { type PaymentProviderPort, ProviderUnavailable } from '../provider/provider.port';
import { SimulatedProvider } from '../provider/simulated-provider';
import { PaymentReconciler, type ReconcileOutcome, type ReconcilerSettings } from './payment.reconciler';
import { InMemoryPaymentRepository } from './payment.repository';
import { PaymentService } from './payment.service';

const eur = (amountCents: number) => ({ amountCents, currency: 'EUR' });
const cause = (registrationId: string) => ({
  messageId: `charge-${registrationId}`,
  correlationId: `corr-${registrationId}`,
});
const settings: ReconcilerSettings = {
  intervalMs: 5,
  windowMs: 3_600_000,
  settleMs: 30_000,
  registrationPrefix: '',
};

/** A payments store on a clock the test moves, a provider ledger, and a simulator on it. */
function world(simulator: { latencyMs?: number; jitterMs?: number } = {}) {
  let now = 1_000_000;
  const payments = new InMemoryPaymentRepository(() => now);
  const ledger = new InMemoryProviderLedger();
  const provider = new SimulatedProvider({ latencyMs: 0, jitterMs: 0, seed: 's', ...simulator }, ledger);
  return {
    payments,
    ledger,
    provider,
    later: (ms: number) => (now += ms),
    reconciler: (port: PaymentProviderPort = provider, overrides: Partial<ReconcilerSettings> = {}) =>
      new PaymentReconciler(port, payments, { ...settings, ...overrides }),
    /** A payment we reported failed with `code`; with `taken`, the provider took the money anyway. */
    async failed(registrationId: string, code: string, taken: boolean, amountCents = 10_093) {
      await payments.transaction((tx) =>
        tx.save(
          {
            registrationId,
            status: 'FAILED',
            ...eur(amountCents),
            failure: { code, message: code },
            cause: cause(registrationId),
          },
          [],
        ),
      );
      if (taken) {
        await ledger.addCharge({
          idempotencyKey: registrationId,
          ...eur(amountCents),
          reference: `pay-${registrationId}`,
        });
      }
    },
  };
}

const events = (payments: InMemoryPaymentRepository) =>
  payments.outbox.map((message) => [message.envelope.type, message.data['registrationId']]);

describe(PaymentReconciler.name, () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('refunds a charge that landed after our timeout, once, and emits PaymentRefunded in the charge saga', async () => {
    const { payments, ledger, provider, later, reconciler } = world({ latencyMs: 1 });
    const slow = new SimulatedProvider({ latencyMs: 0, jitterMs: 0, seed: 's', hangMs: 30 }, ledger);
    const guarded = new GuardedPaymentProvider(slow, { timeoutMs: 5, maxRetries: 0 });
    const ctx = { messageId: 'charge-reg-93', cause: cause('reg-93') };

    const charged = await new PaymentService(guarded, payments).charge(
      { registrationId: 'reg-93', studentId: 'stu-1', amount: eur(10_093) },
      ctx,
    );
    expect(charged).toEqual({
      kind: 'failed',
      reason: expect.objectContaining({ code: 'PROVIDER_TIMEOUT' }),
    });
    await slow.drain();
    expect(ledger.timesCharged('reg-93')).toBe(1);

    const refund = jest.spyOn(provider, 'refund');
    expect(await reconciler().reconcile()).toEqual([]);
    later(settings.settleMs);
    expect(await reconciler().reconcile()).toEqual(['refunded']);
    expect(await reconciler().reconcile()).toEqual([]);

    expect(refund).toHaveBeenCalledTimes(1);
    expect(ledger.isRefunded('reg-93')).toBe(true);
    const [record] = payments.all();
    expect(record).toEqual(
      expect.objectContaining({
        status: 'REFUNDED',
        paymentId: expect.any(String),
        providerReference: (await ledger.findCharge('reg-93'))?.reference,
        refundReference: expect.stringMatching(/^ref-/),
      }),
    );
    expect(payments.isReconciled('reg-93')).toBe(true);
    expect(events(payments)).toEqual([
      ['PaymentFailed', 'reg-93'],
      ['PaymentRefunded', 'reg-93'],
    ]);
    const refunded = payments.outbox[1]!;
    expect(refunded.data).toEqual({
      registrationId: 'reg-93',
      paymentId: record?.paymentId,
      amount: eur(10_093),
      refundedAt: expect.any(String),
    });
    expect(refunded.envelope).toEqual(
      expect.objectContaining({ causationId: 'charge-reg-93', correlationId: 'corr-reg-93' }),
    );
  });

  it('refunds each payment once when two reconcilers run at the same time', async () => {
    const { payments, ledger, provider, later, reconciler, failed } = world({ latencyMs: 2, jitterMs: 3 });
    const ids = Array.from({ length: 6 }, (_, i) => `reg-${i}`);
    for (const id of ids) await failed(id, 'PROVIDER_TIMEOUT', true);
    later(settings.settleMs);
    const refund = jest.spyOn(provider, 'refund');
    const lookup = jest.spyOn(provider, 'lookup');

    const [a, b] = await Promise.all([reconciler().reconcile(), reconciler().reconcile()]);

    expect([...a, ...b]).toEqual(ids.map(() => 'refunded'));
    expect(a.length).toBeGreaterThan(0);
    expect(b.length).toBeGreaterThan(0);
    expect(lookup).toHaveBeenCalledTimes(ids.length);
    expect(refund.mock.calls.map(([request]) => request.registrationId).sort()).toEqual(ids);
    expect(events(payments).sort()).toEqual(ids.map((id) => ['PaymentRefunded', id]));
    for (const id of ids) expect(ledger.isRefunded(id)).toBe(true);
  });

  it('marks a payment where nothing was taken, emits nothing and does not ask again', async () => {
    const { payments, provider, later, reconciler, failed } = world();
    await failed('reg-1', 'PROVIDER_TIMEOUT', false);
    await failed('reg-2', 'PROVIDER_UNAVAILABLE', false);
    later(settings.settleMs);
    const lookup = jest.spyOn(provider, 'lookup');

    expect(await reconciler().reconcile()).toEqual(['nothing_taken', 'nothing_taken']);
    expect(await reconciler().reconcile()).toEqual([]);

    expect(lookup).toHaveBeenCalledTimes(2);
    expect(payments.outbox).toEqual([]);
    expect(payments.all()).toEqual([
      expect.objectContaining({ registrationId: 'reg-1', status: 'FAILED' }),
      expect.objectContaining({ registrationId: 'reg-2', status: 'FAILED' }),
    ]);
    expect(payments.isReconciled('reg-1') && payments.isReconciled('reg-2')).toBe(true);
  });

  it('leaves a payment whose lookup fails for the next round, and goes on with the others', async () => {
    const { payments, ledger, provider, later, reconciler, failed } = world();
    await failed('reg-1', 'PROVIDER_TIMEOUT', true);
    await failed('reg-2', 'PROVIDER_TIMEOUT', true);
    later(settings.settleMs);
    const warn = jest.spyOn(Logger.prototype, 'warn');
    jest.spyOn(provider, 'lookup').mockRejectedValueOnce(new ProviderUnavailable('503'));

    expect(await reconciler().reconcile()).toEqual(['failed', 'refunded']);
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(/reconciling reg-1 failed, asked again next round: 503/),
    );
    expect(payments.all()[0]).toEqual(expect.objectContaining({ registrationId: 'reg-1', status: 'FAILED' }));
    expect(payments.isReconciled('reg-1')).toBe(false);
    expect(ledger.isRefunded('reg-1')).toBe(false);

    expect(await reconciler().reconcile()).toEqual(['refunded']);
    expect(events(payments)).toEqual([
      ['PaymentRefunded', 'reg-2'],
      ['PaymentRefunded', 'reg-1'],
    ]);
  });

  it('rolls back and asks again when the refund fails after the lookup', async () => {
    const { payments, ledger, provider, later, reconciler, failed } = world();
    await failed('reg-1', 'PROVIDER_TIMEOUT', true);
    later(settings.settleMs);
    jest.spyOn(provider, 'refund').mockRejectedValueOnce(new ProviderUnavailable('503'));

    expect(await reconciler().reconcile()).toEqual(['failed']);
    expect(payments.outbox).toEqual([]);
    expect(await reconciler().reconcile()).toEqual(['refunded']);
    expect(ledger.isRefunded('reg-1')).toBe(true);
  });

  it('asks again later while the provider still processes the charge', async () => {
    const { payments, later, reconciler, failed } = world();
    await failed('reg-1', 'PROVIDER_TIMEOUT', false);
    later(settings.settleMs);
    const pending: PaymentProviderPort = {
      charge: () => Promise.reject(new Error('not used')),
      refund: () => Promise.reject(new Error('not used')),
      lookup: () => Promise.resolve({ status: 'pending' }),
    };

    expect(await reconciler(pending).reconcile()).toEqual(['pending']);
    expect(payments.isReconciled('reg-1')).toBe(false);
    expect(await reconciler().reconcile()).toEqual(['nothing_taken']);
  });

  it('asks only about unknown outcomes that have settled, inside the window and the prefix', async () => {
    const { payments, later, reconciler, failed } = world();
    await failed('old', 'PROVIDER_TIMEOUT', true);
    later(settings.windowMs - settings.settleMs);
    await failed('declined', 'DECLINED', false);
    await failed('other-1', 'PROVIDER_TIMEOUT', true);
    await failed('due-1', 'UNKNOWN', true);
    later(settings.settleMs);
    await failed('fresh-1', 'PROVIDER_TIMEOUT', true);
    await payments.transaction((tx) =>
      tx.save(
        { registrationId: 'charged', status: 'CHARGED', ...eur(100), paymentId: 'p', providerReference: 'r' },
        [],
      ),
    );

    expect(await reconciler(undefined, { registrationPrefix: 'due-' }).reconcile()).toEqual(['refunded']);
    expect(events(payments)).toEqual([['PaymentRefunded', 'due-1']]);
    expect(await reconciler().reconcile()).toEqual(['refunded']);
    expect(events(payments)).toEqual([
      ['PaymentRefunded', 'due-1'],
      ['PaymentRefunded', 'other-1'],
    ]);
  });

  it('holds the payment while settling it: a ChargePayment meanwhile waits and confirms nothing', async () => {
    const { payments, provider, later, reconciler, failed } = world();
    await failed('reg-1', 'PROVIDER_TIMEOUT', true);
    later(settings.settleMs);
    let lookedUp!: () => void;
    const lookingUp = new Promise<void>((resolve) => (lookedUp = resolve));
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    const slowLookup: PaymentProviderPort = {
      charge: (request) => provider.charge(request),
      refund: (request) => provider.refund(request),
      lookup: async (registrationId) => {
        lookedUp();
        await answered;
        return provider.lookup(registrationId);
      },
    };

    const round = reconciler(slowLookup).reconcile();
    await lookingUp;
    const charge = new PaymentService(provider, payments).charge(
      { registrationId: 'reg-1', studentId: 'stu-1', amount: eur(10_093) },
      { messageId: 'charge-again', cause: cause('reg-1') },
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    answer();

    expect(await round).toEqual(['refunded']);
    expect(await charge).toEqual({ kind: 'unchanged' });
    expect(events(payments)).toEqual([['PaymentRefunded', 'reg-1']]);
    expect(payments.all()).toEqual([expect.objectContaining({ status: 'REFUNDED' })]);
  });

  it('runs at start and every interval, counts outcomes, and on shutdown finishes the payment in hand first', async () => {
    const { payments, later, failed, provider } = world();
    await failed('reg-1', 'PROVIDER_TIMEOUT', true);
    await failed('reg-2', 'PROVIDER_TIMEOUT', true);
    later(settings.settleMs);
    let lookedUp!: () => void;
    const lookingUp = new Promise<void>((resolve) => (lookedUp = resolve));
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    const slowLookup: PaymentProviderPort = {
      charge: (request) => provider.charge(request),
      refund: (request) => provider.refund(request),
      lookup: async (registrationId) => {
        lookedUp();
        await answered;
        return provider.lookup(registrationId);
      },
    };
    const counted: ReconcileOutcome[] = [];
    const loop = new PaymentReconciler(slowLookup, payments, settings, {
      onReconciled: (outcome) => counted.push(outcome),
    });

    loop.onApplicationBootstrap();
    await lookingUp;
    let stopped = false;
    const stopping = loop.beforeApplicationShutdown().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stopped).toBe(false);
    answer();
    await stopping;

    expect(counted).toEqual(['refunded']);
    expect(events(payments)).toEqual([['PaymentRefunded', 'reg-1']]);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(events(payments)).toHaveLength(1);

    const again = new PaymentReconciler(provider, payments, settings, {
      onReconciled: (outcome) => counted.push(outcome),
    });
    again.onApplicationBootstrap();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(counted).toEqual(['refunded', 'refunded']);
    await failed('reg-3', 'PROVIDER_TIMEOUT', false);
    later(settings.settleMs);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await again.beforeApplicationShutdown();
    expect(counted).toEqual(['refunded', 'refunded', 'nothing_taken']);
  });
});
