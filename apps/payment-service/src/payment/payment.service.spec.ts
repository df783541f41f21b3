import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import fc from 'fast-check';
import { InMemoryProviderLedger } from '../provider/provider-ledger';
import { classifyFailure } from '@platform/messaging';
import { BulkheadFull, CircuitOpen, GuardedPaymentProvider } from '../provider/provider.policies';
import {
  type ChargeRequest,
  type ChargeResult,
  type PaymentProviderPort,
  ProviderDeclined,
  type ProviderHolding,
  ProviderTimeout,
  ProviderUnavailable,
  type RefundResult,
} from '../provider/provider.port';
import { SimulatedProvider } from '../provider/simulated-provider';
import { InMemoryPaymentRepository, type PaymentRecord } from './payment.repository';
import { type ChargeOutcome, PaymentService, RefundNotYetPossible, RefundRefused } from './payment.service';

const eur = (amountCents: number) => ({ amountCents, currency: 'EUR' });
const chargeOf = (registrationId: string, amountCents = 12_500) => ({
  registrationId,
  studentId: `stu-${registrationId}`,
  amount: eur(amountCents),
});
const ctx = (messageId: string = randomUUID()) => ({
  messageId,
  cause: { messageId, correlationId: 'corr-1' },
});
const instantSimulator = (seed?: string) =>
  new SimulatedProvider(
    { latencyMs: 0, jitterMs: 0, ...(seed ? { seed } : {}) },
    new InMemoryProviderLedger(),
  );

function providerThatThrows(error: unknown): PaymentProviderPort {
  return {
    charge: () => Promise.reject(error),
    refund: () => Promise.reject(error),
    lookup: () => Promise.reject(error),
  };
}

type Outcome = 'ok' | 'unavailable' | 'decline' | 'hang';

/** Not idempotent on purpose: it takes money on every successful call, so only the service stands in the way. */
class CountingProvider implements PaymentProviderPort {
  readonly taken = new Map<string, number>();
  private calls = 0;
  constructor(private readonly outcomes: readonly Outcome[]) {}

  charge(request: ChargeRequest, signal?: AbortSignal): Promise<ChargeResult> {
    const outcome = this.outcomes[this.calls++ % this.outcomes.length] ?? 'ok';
    if (outcome === 'unavailable') return Promise.reject(new ProviderUnavailable('503'));
    if (outcome === 'decline') return Promise.reject(new ProviderDeclined('declined'));
    if (outcome === 'hang') {
      return new Promise((_, reject) =>
        signal?.addEventListener('abort', () => reject(new Error('aborted'))),
      );
    }
    this.taken.set(request.registrationId, (this.taken.get(request.registrationId) ?? 0) + 1);
    return Promise.resolve({ paymentId: `pay-${request.registrationId}-${this.calls}` });
  }

  refund(): Promise<RefundResult> {
    return Promise.resolve({ refundId: 'ref-1' });
  }

  lookup(): Promise<ProviderHolding> {
    return Promise.reject(new Error('not used by the charge rules'));
  }
}

const policies = {
  timeoutMs: 5,
  maxRetries: 1,
  backoffInitialMs: 1,
  backoffMaxMs: 2,
  breakerThreshold: 1_000,
  breakerCooldownMs: 10,
};

const eventsOf = (payments: InMemoryPaymentRepository) =>
  payments.outbox.map((message) => [message.envelope.type, message.data['registrationId']]);

describe(PaymentService.name, () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('confirms a charge, records it and emits PaymentConfirmed caused by the command', async () => {
    const payments = new InMemoryPaymentRepository();
    const service = new PaymentService(instantSimulator('s'), payments);

    const outcome = await service.charge(chargeOf('reg-1'), ctx('m-1'));

    expect(outcome).toEqual({ kind: 'confirmed', paymentId: expect.any(String) });
    const paymentId = (outcome as { paymentId: string }).paymentId;
    expect(payments.all()).toEqual([
      {
        registrationId: 'reg-1',
        status: 'CHARGED',
        ...eur(12_500),
        paymentId,
        providerReference: expect.stringMatching(/^pay-/),
      },
    ]);
    expect(payments.outbox).toEqual([
      expect.objectContaining({
        topic: 'payment.events',
        key: 'reg-1',
        data: expect.objectContaining({ registrationId: 'reg-1', paymentId, amount: eur(12_500) }),
        envelope: expect.objectContaining({
          type: 'PaymentConfirmed',
          causationId: 'm-1',
          correlationId: 'corr-1',
        }),
      }),
    ]);
  });

  it('neither asks the provider nor emits again for a settled registration or a redelivered message', async () => {
    const payments = new InMemoryPaymentRepository();
    const charged: PaymentRecord = {
      registrationId: 'reg-1',
      status: 'CHARGED',
      paymentId: 'pay-1',
      ...eur(12_500),
    };
    await payments.transaction((tx) => tx.save(charged, []));
    const service = new PaymentService(providerThatThrows(new Error('must not be called')), payments);

    await expect(service.charge(chargeOf('reg-1'), ctx('m-2'))).resolves.toEqual({ kind: 'unchanged' });
    await expect(service.charge(chargeOf('reg-1'), ctx('m-2'))).resolves.toEqual({ kind: 'unchanged' });
    expect(payments.outbox).toEqual([]);
    expect((await payments.lookUp('m-2', 'r-unrelated')).delivered).toBe(true);
  });

  it('asks the provider again after a crash between its charge and our transaction, and gets the same charge', async () => {
    const ledger = new InMemoryProviderLedger();
    const provider = new SimulatedProvider({ latencyMs: 0, jitterMs: 0, seed: 's' }, ledger);
    const payments = new InMemoryPaymentRepository();
    const crash = new Error('SIGKILL');
    const crashing = new PaymentService(provider, payments, {
      afterProviderCharge: () => {
        throw crash;
      },
    });

    await expect(crashing.charge(chargeOf('reg-1'), ctx('m-1'))).rejects.toBe(crash);
    expect(ledger.timesCharged('reg-1')).toBe(1);
    expect(payments.all()).toEqual([]);

    const outcome = await new PaymentService(provider, payments).charge(chargeOf('reg-1'), ctx('m-1'));
    expect(outcome.kind).toBe('confirmed');
    expect(ledger.timesCharged('reg-1')).toBe(1);
    expect(eventsOf(payments)).toEqual([['PaymentConfirmed', 'reg-1']]);
  });

  it.each([
    [new ProviderDeclined('card declined'), 'DECLINED'],
    [new ProviderUnavailable('503'), 'PROVIDER_UNAVAILABLE'],
    [new ProviderTimeout('no answer'), 'PROVIDER_TIMEOUT'],
    [new CircuitOpen('open'), 'PROVIDER_UNAVAILABLE'],
    [new TypeError('boom'), 'UNKNOWN'],
  ])('maps %p to PaymentFailed %s', async (error, code) => {
    const payments = new InMemoryPaymentRepository();
    const service = new PaymentService(providerThatThrows(error), payments);

    await expect(service.charge(chargeOf('reg-1'), ctx())).resolves.toEqual({
      kind: 'failed',
      reason: { code, message: (error as Error).message },
    });
    expect(payments.outbox.map((m) => [m.envelope.type, m.data['reason']])).toEqual([
      ['PaymentFailed', { code, message: (error as Error).message }],
    ]);
    expect(payments.all()).toEqual([
      expect.objectContaining({ status: 'FAILED', failure: { code, message: (error as Error).message } }),
    ]);
    const refund = service.refund(
      { registrationId: 'reg-1', paymentId: 'pay-1', amount: eur(12_500) },
      ctx(),
    );
    await expect(refund).rejects.toBeInstanceOf(code === 'DECLINED' ? RefundRefused : RefundNotYetPossible);
  });

  it('leaves a command the bulkhead turned away to be retried, recording and emitting nothing', async () => {
    const payments = new InMemoryPaymentRepository();
    const service = new PaymentService(providerThatThrows(new BulkheadFull('full')), payments);

    const turnedAway = await service.charge(chargeOf('reg-1'), ctx('m-1')).catch((error: unknown) => error);
    // Retried for as long as there is no room, without using up attempts: a surge must not
    // dead-letter the commands it could not take yet.
    expect(classifyFailure(turnedAway)).toBe('unavailable');
    expect(payments.all()).toEqual([]);
    expect(payments.outbox).toEqual([]);
    // The retry of the same message is charged once the provider has room again.
    await new PaymentService(instantSimulator('s'), payments).charge(chargeOf('reg-1'), ctx('m-1'));
    expect(eventsOf(payments)).toEqual([['PaymentConfirmed', 'reg-1']]);
  });

  it('charges a registration whose earlier attempt failed when a new command comes', async () => {
    const payments = new InMemoryPaymentRepository();
    await new PaymentService(providerThatThrows(new ProviderUnavailable('503')), payments).charge(
      chargeOf('reg-1'),
      ctx(),
    );
    await new PaymentService(instantSimulator('s'), payments).charge(chargeOf('reg-1'), ctx());

    expect(eventsOf(payments)).toEqual([
      ['PaymentFailed', 'reg-1'],
      ['PaymentConfirmed', 'reg-1'],
    ]);
    expect(payments.all()).toEqual([expect.objectContaining({ status: 'CHARGED' })]);
  });

  it('lets a storage error after the charge surface instead of reporting a failed payment', async () => {
    const payments = new InMemoryPaymentRepository();
    jest.spyOn(payments, 'transaction').mockRejectedValue(new Error('db down'));
    const service = new PaymentService(instantSimulator(), payments);

    await expect(service.charge(chargeOf('reg-1'), ctx())).rejects.toThrow('db down');
  });

  it('refunds a payment once and ignores a repeated refund', async () => {
    const provider = instantSimulator('s');
    const refundSpy = jest.spyOn(provider, 'refund');
    const payments = new InMemoryPaymentRepository();
    const service = new PaymentService(provider, payments);
    const charged = await service.charge(chargeOf('reg-1'), ctx());
    if (charged.kind !== 'confirmed') throw new Error('expected a confirmed charge');
    const command = { registrationId: 'reg-1', paymentId: charged.paymentId, amount: eur(12_500) };

    const first = await service.refund(command, ctx('r-1'));
    const redelivered = await service.refund(command, ctx('r-1'));
    const repeated = await service.refund(command, ctx('r-2'));

    expect(first).toEqual({ kind: 'refunded', refundId: expect.stringMatching(/^ref-/) });
    expect(redelivered).toEqual({ kind: 'unchanged' });
    expect(repeated).toEqual({ kind: 'unchanged' });
    expect(refundSpy).toHaveBeenCalledTimes(1);
    expect(eventsOf(payments)).toEqual([
      ['PaymentConfirmed', 'reg-1'],
      ['PaymentRefunded', 'reg-1'],
    ]);
    expect(payments.all()).toEqual([
      expect.objectContaining({ status: 'REFUNDED', paymentId: charged.paymentId }),
    ]);
  });

  it('refuses a refund that names another payment of the registration', async () => {
    const service = new PaymentService(instantSimulator('s'), new InMemoryPaymentRepository());
    await service.charge(chargeOf('reg-1'), ctx());

    await expect(
      service.refund({ registrationId: 'reg-1', paymentId: 'someone-else', amount: eur(12_500) }, ctx()),
    ).rejects.toBeInstanceOf(RefundRefused);
  });

  it('takes money at most once per registration, and every charge ends confirmed, failed or unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom<Outcome>('ok', 'unavailable', 'decline', 'hang'), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.array(fc.constantFrom('reg-a', 'reg-b', 'reg-c'), { minLength: 1, maxLength: 10 }),
        async (outcomes, registrations) => {
          const provider = new CountingProvider(outcomes);
          const guarded = new GuardedPaymentProvider(provider, policies);
          const payments = new InMemoryPaymentRepository();
          const service = new PaymentService(guarded, payments);
          const confirmed = new Set<string>();

          for (const registrationId of registrations) {
            const outcome: ChargeOutcome = await service.charge(chargeOf(registrationId), ctx());
            if (outcome.kind === 'confirmed') confirmed.add(registrationId);
            if (outcome.kind === 'unchanged') expect(confirmed.has(registrationId)).toBe(true);
            if (outcome.kind === 'failed') {
              expect(['DECLINED', 'PROVIDER_UNAVAILABLE', 'PROVIDER_TIMEOUT']).toContain(outcome.reason.code);
            }
          }

          for (const registrationId of new Set(registrations)) {
            expect(provider.taken.get(registrationId) ?? 0).toBe(confirmed.has(registrationId) ? 1 : 0);
          }
          const confirmations = payments.outbox.filter((m) => m.envelope.type === 'PaymentConfirmed');
          expect(confirmations).toHaveLength(confirmed.size);
          guarded.dispose();
        },
      ),
      { numRuns: 60 },
    );
  });

  it('keeps concurrent charges of one registration to one payment and one event with the seeded simulator', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 8 }),
        fc.array(fc.constantFrom('reg-a', 'reg-b'), { minLength: 1, maxLength: 8 }),
        async (seed, registrations) => {
          const ledger = new InMemoryProviderLedger();
          const provider = new SimulatedProvider(
            { seed, latencyMs: 0, jitterMs: 2, failureRate: 0.3, declineRate: 0.2 },
            ledger,
          );
          const guarded = new GuardedPaymentProvider(provider, policies);
          const payments = new InMemoryPaymentRepository();
          const service = new PaymentService(guarded, payments);

          await Promise.all(registrations.map((id) => service.charge(chargeOf(id), ctx())));

          for (const registrationId of new Set(registrations)) {
            const record = await payments.findByRegistration(registrationId);
            const confirmations = payments.outbox.filter(
              (m) => m.envelope.type === 'PaymentConfirmed' && m.key === registrationId,
            );
            expect(confirmations).toHaveLength(record?.status === 'CHARGED' ? 1 : 0);
            if (record?.status === 'CHARGED') expect(ledger.timesCharged(registrationId)).toBe(1);
          }
          guarded.dispose();
        },
      ),
      { numRuns: 40 },
    );
  });
});
