import fc from 'fast-check';
import { BulkheadFull, CircuitOpen, GuardedPaymentProvider } from '../provider/provider.policies';
import {
  type ChargeRequest,
  type ChargeResult,
  type PaymentProviderPort,
  ProviderDeclined,
  ProviderTimeout,
  ProviderUnavailable,
  type RefundRequest,
  type RefundResult,
} from '../provider/provider.port';
import { SimulatedProvider } from '../provider/simulated-provider';
import { InMemoryPaymentRepository } from './payment.repository';
import { type ChargeOutcome, PaymentService } from './payment.service';

const eur = (amountCents: number) => ({ amountCents, currency: 'EUR' });
const chargeOf = (registrationId: string) => ({ registrationId, amount: eur(12_500) });

function providerThatThrows(error: unknown): PaymentProviderPort {
  return { charge: () => Promise.reject(error), refund: () => Promise.reject(error) };
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

  refund(request: RefundRequest): Promise<RefundResult> {
    return Promise.resolve({ refundId: `ref-${request.paymentId}` });
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

function expectSettled(outcome: ChargeOutcome): void {
  if (outcome.kind === 'confirmed') expect(outcome.paymentId).toEqual(expect.any(String));
  else expect(['DECLINED', 'PROVIDER_UNAVAILABLE', 'PROVIDER_TIMEOUT']).toContain(outcome.reason.code);
}

describe(PaymentService.name, () => {
  it('confirms a charge and records it', async () => {
    const payments = new InMemoryPaymentRepository();
    const service = new PaymentService(new SimulatedProvider({ latencyMs: 0, jitterMs: 0 }), payments);

    const outcome = await service.charge(chargeOf('reg-1'));

    expect(outcome).toEqual({ kind: 'confirmed', paymentId: expect.any(String) });
    expect(payments.all()).toEqual([
      { registrationId: 'reg-1', paymentId: (outcome as { paymentId: string }).paymentId, ...eur(12_500) },
    ]);
  });

  it('answers a repeated charge from the record without asking the provider', async () => {
    const payments = new InMemoryPaymentRepository();
    await payments.saveConfirmed({ registrationId: 'reg-1', paymentId: 'pay-1', ...eur(12_500) });
    const provider = providerThatThrows(new Error('must not be called'));

    await expect(new PaymentService(provider, payments).charge(chargeOf('reg-1'))).resolves.toEqual({
      kind: 'confirmed',
      paymentId: 'pay-1',
    });
  });

  it.each([
    [new ProviderDeclined('card declined'), 'DECLINED'],
    [new ProviderUnavailable('503'), 'PROVIDER_UNAVAILABLE'],
    [new ProviderTimeout('no answer'), 'PROVIDER_TIMEOUT'],
    [new CircuitOpen('open'), 'PROVIDER_UNAVAILABLE'],
    [new BulkheadFull('full'), 'PROVIDER_UNAVAILABLE'],
    [new TypeError('boom'), 'UNKNOWN'],
  ])('maps %p to %s', async (error, code) => {
    const service = new PaymentService(providerThatThrows(error), new InMemoryPaymentRepository());

    await expect(service.charge(chargeOf('reg-1'))).resolves.toEqual({
      kind: 'failed',
      reason: { code, message: (error as Error).message },
    });
    await expect(
      service.refund({ registrationId: 'reg-1', paymentId: 'pay-1', amount: eur(12_500) }),
    ).resolves.toMatchObject({ kind: 'failed', reason: { code } });
  });

  it('lets a storage error after the charge surface instead of reporting a failed payment', async () => {
    const payments = new InMemoryPaymentRepository();
    jest.spyOn(payments, 'saveConfirmed').mockRejectedValue(new Error('db down'));
    const service = new PaymentService(new SimulatedProvider({ latencyMs: 0, jitterMs: 0 }), payments);

    await expect(service.charge(chargeOf('reg-1'))).rejects.toThrow('db down');
  });

  it('refunds a payment once and answers a repeated refund from the record', async () => {
    const provider = new SimulatedProvider({ latencyMs: 0, jitterMs: 0, seed: 's' });
    const refundSpy = jest.spyOn(provider, 'refund');
    const service = new PaymentService(provider, new InMemoryPaymentRepository());
    const charged = await service.charge(chargeOf('reg-1'));
    if (charged.kind !== 'confirmed') throw new Error('expected a confirmed charge');
    const command = { registrationId: 'reg-1', paymentId: charged.paymentId, amount: eur(12_500) };

    const first = await service.refund(command);
    const second = await service.refund(command);

    expect(first).toEqual({ kind: 'refunded', refundId: expect.any(String) });
    expect(second).toEqual(first);
    expect(refundSpy).toHaveBeenCalledTimes(1);
  });

  it('takes money at most once per registration, and every charge ends confirmed or failed', async () => {
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
          const service = new PaymentService(guarded, new InMemoryPaymentRepository());
          const confirmed = new Map<string, string>();

          for (const registrationId of registrations) {
            const outcome = await service.charge(chargeOf(registrationId));
            expectSettled(outcome);
            if (outcome.kind === 'confirmed') {
              expect(confirmed.get(registrationId) ?? outcome.paymentId).toBe(outcome.paymentId);
              confirmed.set(registrationId, outcome.paymentId);
            }
          }

          for (const registrationId of new Set(registrations)) {
            expect(provider.taken.get(registrationId) ?? 0).toBe(confirmed.has(registrationId) ? 1 : 0);
          }
          guarded.dispose();
        },
      ),
      { numRuns: 60 },
    );
  });

  it('keeps concurrent charges of one registration to a single payment with the seeded simulator', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 8 }),
        fc.array(fc.constantFrom('reg-a', 'reg-b'), { minLength: 1, maxLength: 8 }),
        async (seed, registrations) => {
          const provider = new SimulatedProvider({
            seed,
            latencyMs: 0,
            jitterMs: 2,
            failureRate: 0.3,
            declineRate: 0.2,
          });
          const guarded = new GuardedPaymentProvider(provider, policies);
          const service = new PaymentService(guarded, new InMemoryPaymentRepository());

          const outcomes = await Promise.all(registrations.map((id) => service.charge(chargeOf(id))));

          outcomes.forEach(expectSettled);
          for (const registrationId of new Set(registrations)) {
            const paymentIds = new Set(
              outcomes.flatMap((o, i) =>
                o.kind === 'confirmed' && registrations[i] === registrationId ? [o.paymentId] : [],
              ),
            );
            expect(paymentIds.size).toBeLessThanOrEqual(1);
            expect(provider.timesCharged(registrationId)).toBe(paymentIds.size);
          }
          guarded.dispose();
        },
      ),
      { numRuns: 40 },
    );
  });
});
