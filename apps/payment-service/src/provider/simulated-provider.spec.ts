import { ProviderDeclined, ProviderUnavailable } from './provider.port';
import { SimulatedProvider } from './simulated-provider';

const charge = (registrationId: string) => ({ registrationId, amountCents: 12_500, currency: 'EUR' });
const ids = Array.from({ length: 40 }, (_, i) => `reg-${i}`);

async function outcomesOf(provider: SimulatedProvider): Promise<string[]> {
  return Promise.all(
    ids.map((id) =>
      provider.charge(charge(id)).then(
        ({ paymentId }) => `ok:${paymentId}`,
        (error: Error) => error.name,
      ),
    ),
  );
}

describe(SimulatedProvider.name, () => {
  const noLatency = { latencyMs: 0, jitterMs: 0 };

  it('replays the same outcomes and payment ids for the same seed', async () => {
    const options = { ...noLatency, seed: 'e2e-1', failureRate: 0.3, declineRate: 0.3 };
    const first = await outcomesOf(new SimulatedProvider(options));
    const second = await outcomesOf(new SimulatedProvider(options));

    expect(second).toEqual(first);
    expect(new Set(first.map((o) => o.split(':')[0])).size).toBeGreaterThan(1);
  });

  it('draws different outcomes for a different seed', async () => {
    const options = { ...noLatency, failureRate: 0.3, declineRate: 0.3 };
    const a = await outcomesOf(new SimulatedProvider({ ...options, seed: 'a' }));
    const b = await outcomesOf(new SimulatedProvider({ ...options, seed: 'b' }));

    expect(b).not.toEqual(a);
  });

  it('takes money once when the same registration is charged twice', async () => {
    const provider = new SimulatedProvider({ ...noLatency, seed: 's' });

    const first = await provider.charge(charge('reg-1'));
    const second = await provider.charge(charge('reg-1'));

    expect(second.paymentId).toBe(first.paymentId);
    expect(provider.timesCharged('reg-1')).toBe(1);
    expect(provider.timesCharged('reg-2')).toBe(0);
  });

  it('takes no money on a decline or a failure', async () => {
    const declining = new SimulatedProvider({ ...noLatency, declineRate: 1 });
    const failing = new SimulatedProvider({ ...noLatency, failureRate: 1 });

    await expect(declining.charge(charge('reg-1'))).rejects.toBeInstanceOf(ProviderDeclined);
    await expect(failing.charge(charge('reg-1'))).rejects.toBeInstanceOf(ProviderUnavailable);
    expect(declining.timesCharged('reg-1')).toBe(0);
    expect(failing.timesCharged('reg-1')).toBe(0);
  });

  it('hangs until the caller aborts', async () => {
    const provider = new SimulatedProvider({ ...noLatency, hangRate: 1 });
    const controller = new AbortController();
    let settled = false;

    const call = provider.charge(charge('reg-1'), controller.signal).finally(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toBe(false);
    controller.abort(new Error('gave up'));

    await expect(call).rejects.toThrow('gave up');
  });

  it('waits its configured latency', async () => {
    const provider = new SimulatedProvider({ latencyMs: 30, jitterMs: 0 });
    const started = performance.now();

    await provider.charge(charge('reg-1'));

    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('refunds a taken payment idempotently and declines an unknown one', async () => {
    const provider = new SimulatedProvider({ ...noLatency, seed: 's' });
    const { paymentId } = await provider.charge(charge('reg-1'));
    const refund = { registrationId: 'reg-1', paymentId, amountCents: 12_500 };

    const first = await provider.refund(refund);
    const second = await provider.refund(refund);

    expect(second.refundId).toBe(first.refundId);
    expect(provider.isRefunded('reg-1')).toBe(true);
    await expect(provider.refund({ ...refund, registrationId: 'reg-2' })).rejects.toBeInstanceOf(
      ProviderDeclined,
    );
  });

  it('rejects rates outside 0..1', () => {
    expect(() => new SimulatedProvider({ failureRate: 0.6, declineRate: 0.6 })).toThrow(RangeError);
    expect(() => new SimulatedProvider({ hangRate: -0.1 })).toThrow(RangeError);
  });
});
