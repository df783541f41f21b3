import {
  BulkheadFull,
  CircuitOpen,
  GuardedPaymentProvider,
  type ProviderPolicyOptions,
} from './provider.policies';
import {
  type ChargeRequest,
  type ChargeResult,
  type PaymentProviderPort,
  ProviderDeclined,
  type ProviderHolding,
  ProviderTimeout,
  ProviderUnavailable,
  type RefundResult,
} from './provider.port';

type Step = 'ok' | 'unavailable' | 'decline' | 'hang' | { readonly waitMs: number };

/** Plays one scripted step per call (the last step repeats) and counts calls. */
class ScriptedProvider implements PaymentProviderPort {
  calls = 0;
  constructor(private readonly script: Step[]) {}

  async charge(request: ChargeRequest, signal?: AbortSignal): Promise<ChargeResult> {
    await this.play(signal);
    return { paymentId: `pay-${request.registrationId}` };
  }

  refund(): Promise<RefundResult> {
    return Promise.resolve({ refundId: 'ref-1' });
  }

  async lookup(registrationId: string, signal?: AbortSignal): Promise<ProviderHolding> {
    await this.play(signal);
    return { status: 'captured', reference: `pay-${registrationId}`, amountCents: 100, currency: 'EUR' };
  }

  private async play(signal?: AbortSignal): Promise<void> {
    const step = this.script[Math.min(this.calls, this.script.length - 1)] ?? 'ok';
    this.calls += 1;
    if (step === 'unavailable') throw new ProviderUnavailable('503');
    if (step === 'decline') throw new ProviderDeclined('insufficient funds');
    if (step === 'hang') {
      return new Promise<never>((_, reject) =>
        signal?.addEventListener('abort', () => reject(new Error('aborted'))),
      );
    }
    if (typeof step === 'object') await new Promise((resolve) => setTimeout(resolve, step.waitMs));
  }
}

const fast: Partial<ProviderPolicyOptions> = {
  timeoutMs: 30,
  maxRetries: 2,
  backoffInitialMs: 1,
  backoffMaxMs: 5,
  breakerThreshold: 3,
  breakerCooldownMs: 60,
  maxConcurrent: 2,
  maxQueued: 1,
};
const request = { registrationId: 'reg-1', amountCents: 100, currency: 'EUR' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(GuardedPaymentProvider.name, () => {
  it('retries transient failures and then succeeds', async () => {
    const provider = new ScriptedProvider(['unavailable', 'unavailable', 'ok']);
    const onRetry = jest.fn();
    const guarded = new GuardedPaymentProvider(provider, fast, { onRetry });

    await expect(guarded.charge(request)).resolves.toEqual({ paymentId: 'pay-reg-1' });
    expect(provider.calls).toBe(3);
    expect(onRetry).toHaveBeenCalledTimes(2);
  });

  it('gives up after the configured retries', async () => {
    const provider = new ScriptedProvider(['unavailable']);
    const onGiveUp = jest.fn();
    const guarded = new GuardedPaymentProvider(provider, { ...fast, breakerThreshold: 10 }, { onGiveUp });

    await expect(guarded.charge(request)).rejects.toBeInstanceOf(ProviderUnavailable);
    expect(provider.calls).toBe(3);
    expect(onGiveUp).toHaveBeenCalledTimes(1);
  });

  it('never retries a decline and does not count it against the breaker', async () => {
    const provider = new ScriptedProvider(['decline']);
    const guarded = new GuardedPaymentProvider(provider, fast);

    for (let i = 0; i < 5; i++)
      await expect(guarded.charge(request)).rejects.toBeInstanceOf(ProviderDeclined);
    expect(provider.calls).toBe(5);
    expect(guarded.breakerState).toBe('closed');
  });

  it('looks a key up through the same policies: a hang times out and is retried, an outage is given up on', async () => {
    const onTimeout = jest.fn();
    const hanging = new ScriptedProvider(['hang', 'ok']);
    const guarded = new GuardedPaymentProvider(hanging, fast, { onTimeout });

    await expect(guarded.lookup('reg-1')).resolves.toEqual(expect.objectContaining({ status: 'captured' }));
    expect(onTimeout).toHaveBeenCalledTimes(1);
    expect(hanging.calls).toBe(2);

    const down = new ScriptedProvider(['unavailable']);
    await expect(
      new GuardedPaymentProvider(down, { ...fast, breakerThreshold: 10 }).lookup('reg-1'),
    ).rejects.toBeInstanceOf(ProviderUnavailable);
    expect(down.calls).toBe(3);
  });

  it('times out a hanging call as ProviderTimeout and retries it', async () => {
    const provider = new ScriptedProvider(['hang', 'ok']);
    const onTimeout = jest.fn();
    const guarded = new GuardedPaymentProvider(provider, fast, { onTimeout });

    await expect(guarded.charge(request)).resolves.toEqual({ paymentId: 'pay-reg-1' });
    expect(onTimeout).toHaveBeenCalledTimes(1);
    expect(provider.calls).toBe(2);
  });

  it('reports a timeout even when the provider rejects with its own error on abort', async () => {
    const provider: PaymentProviderPort = {
      charge: (_, signal) =>
        new Promise((_resolve, reject) =>
          signal?.addEventListener('abort', () => reject(new Error('socket closed'))),
        ),
      refund: () => Promise.resolve({ refundId: 'ref-1' }),
      lookup: () => Promise.resolve({ status: 'none' }),
    };
    const guarded = new GuardedPaymentProvider(provider, { ...fast, maxRetries: 0 });

    await expect(guarded.charge(request)).rejects.toBeInstanceOf(ProviderTimeout);
  });

  it('fails with ProviderTimeout when every attempt hangs', async () => {
    const guarded = new GuardedPaymentProvider(new ScriptedProvider(['hang']), {
      ...fast,
      breakerThreshold: 10,
    });

    await expect(guarded.charge(request)).rejects.toBeInstanceOf(ProviderTimeout);
  });

  it('opens the breaker after consecutive failures and then fails fast', async () => {
    const provider = new ScriptedProvider(['unavailable']);
    const states: string[] = [];
    const guarded = new GuardedPaymentProvider(
      provider,
      { ...fast, maxRetries: 0 },
      { onBreakerStateChange: (s) => states.push(s) },
    );

    for (let i = 0; i < 3; i++)
      await expect(guarded.charge(request)).rejects.toBeInstanceOf(ProviderUnavailable);
    await expect(guarded.charge(request)).rejects.toBeInstanceOf(CircuitOpen);

    expect(provider.calls).toBe(3);
    expect(guarded.breakerState).toBe('open');
    expect(states).toEqual(['open']);
  });

  it('does not retry once the breaker opens mid-call', async () => {
    const provider = new ScriptedProvider(['unavailable']);
    const guarded = new GuardedPaymentProvider(provider, { ...fast, maxRetries: 5, breakerThreshold: 2 });

    await expect(guarded.charge(request)).rejects.toBeInstanceOf(CircuitOpen);
    expect(provider.calls).toBe(2);
  });

  it('lets a trial call through after the cooldown and closes on success', async () => {
    const provider = new ScriptedProvider(['unavailable', 'unavailable', 'unavailable', 'ok']);
    const states: string[] = [];
    const guarded = new GuardedPaymentProvider(
      provider,
      { ...fast, maxRetries: 0 },
      { onBreakerStateChange: (s) => states.push(s) },
    );
    for (let i = 0; i < 3; i++) await guarded.charge(request).catch(() => undefined);

    await sleep(fast.breakerCooldownMs! + 40);

    await expect(guarded.charge(request)).resolves.toEqual({ paymentId: 'pay-reg-1' });
    expect(states).toEqual(['open', 'half-open', 'closed']);
  });

  it('reopens when the trial call after the cooldown fails', async () => {
    const provider = new ScriptedProvider(['unavailable']);
    const guarded = new GuardedPaymentProvider(provider, { ...fast, maxRetries: 0 });
    for (let i = 0; i < 3; i++) await guarded.charge(request).catch(() => undefined);

    await sleep(fast.breakerCooldownMs! + 40);

    await expect(guarded.charge(request)).rejects.toBeInstanceOf(ProviderUnavailable);
    expect(guarded.breakerState).toBe('open');
    await expect(guarded.charge(request)).rejects.toBeInstanceOf(CircuitOpen);
  });

  it('rejects calls beyond the concurrent and queued capacity', async () => {
    const provider = new ScriptedProvider([{ waitMs: 20 }]);
    const onBulkheadRejected = jest.fn();
    const guarded = new GuardedPaymentProvider(
      provider,
      { ...fast, timeoutMs: 1_000 },
      { onBulkheadRejected },
    );

    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => guarded.charge({ ...request, registrationId: `reg-${i}` })),
    );

    const rejected = results.filter((r) => r.status === 'rejected');
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    expect(rejected).toHaveLength(2);
    for (const r of rejected) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(BulkheadFull);
    expect(onBulkheadRejected).toHaveBeenCalledTimes(2);
    expect(provider.calls).toBe(3);
  });

  it('stops reporting to hooks once disposed', async () => {
    const onRetry = jest.fn();
    const guarded = new GuardedPaymentProvider(new ScriptedProvider(['unavailable', 'ok']), fast, {
      onRetry,
    });
    guarded.dispose();

    await guarded.charge(request);
    expect(onRetry).not.toHaveBeenCalled();
  });
});
