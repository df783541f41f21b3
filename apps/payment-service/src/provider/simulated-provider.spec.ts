import { InMemoryProviderLedger } from './provider-ledger';
import { ProviderDeclined, ProviderUnavailable } from './provider.port';
import { magicAmountOf, SimulatedProvider } from './simulated-provider';

const charge = (registrationId: string, amountCents = 12_500) => ({
  registrationId,
  amountCents,
  currency: 'EUR',
});
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

  it('takes money once when the same registration is charged twice, also by a restarted provider', async () => {
    const ledger = new InMemoryProviderLedger();
    const provider = new SimulatedProvider({ ...noLatency, seed: 's' }, ledger);

    const first = await provider.charge(charge('reg-1'));
    const second = await provider.charge(charge('reg-1'));
    const afterRestart = await new SimulatedProvider({ ...noLatency, seed: 'other' }, ledger).charge(
      charge('reg-1'),
    );

    expect(second.paymentId).toBe(first.paymentId);
    expect(afterRestart.paymentId).toBe(first.paymentId);
    expect(ledger.timesCharged('reg-1')).toBe(1);
    expect(ledger.timesCharged('reg-2')).toBe(0);
  });

  it('takes no money on a decline or a failure', async () => {
    const ledger = new InMemoryProviderLedger();
    const declining = new SimulatedProvider({ ...noLatency, declineRate: 1 }, ledger);
    const failing = new SimulatedProvider({ ...noLatency, failureRate: 1 }, ledger);

    await expect(declining.charge(charge('reg-1'))).rejects.toBeInstanceOf(ProviderDeclined);
    await expect(failing.charge(charge('reg-1'))).rejects.toBeInstanceOf(ProviderUnavailable);
    expect(ledger.timesCharged('reg-1')).toBe(0);
  });

  it('declines amounts ending in 91 and is unavailable for amounts ending in 92, on every attempt', async () => {
    const ledger = new InMemoryProviderLedger();
    const provider = new SimulatedProvider({ ...noLatency, seed: 's' }, ledger);

    for (let attempt = 0; attempt < 3; attempt++) {
      await expect(provider.charge(charge('reg-91', 10_091))).rejects.toBeInstanceOf(ProviderDeclined);
      await expect(provider.charge(charge('reg-92', 10_092))).rejects.toBeInstanceOf(ProviderUnavailable);
    }
    expect(ledger.timesCharged('reg-91') + ledger.timesCharged('reg-92')).toBe(0);
    expect([91, 92, 93, 94, 100].map(magicAmountOf)).toEqual([
      'declined',
      'unavailable',
      'slowSuccess',
      undefined,
      undefined,
    ]);
  });

  it('takes the money of an amount ending in 93 late, even after the caller gave up', async () => {
    const ledger = new InMemoryProviderLedger();
    const provider = new SimulatedProvider({ ...noLatency, seed: 's', hangMs: 60 }, ledger);
    const controller = new AbortController();

    const call = provider.charge(charge('reg-93', 10_093), controller.signal);
    setTimeout(() => controller.abort(new Error('timed out')), 10);
    await expect(call).rejects.toThrow('timed out');
    expect(ledger.timesCharged('reg-93')).toBe(0);

    await provider.drain();
    expect(ledger.timesCharged('reg-93')).toBe(1);
    const retried = await provider.charge(charge('reg-93', 10_093));
    expect(retried.paymentId).toBe((await ledger.findCharge('reg-93'))?.reference);
    expect(ledger.timesCharged('reg-93')).toBe(1);
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

  it('refunds a taken payment idempotently and declines an unknown one or too much', async () => {
    const ledger = new InMemoryProviderLedger();
    const provider = new SimulatedProvider({ ...noLatency, seed: 's' }, ledger);
    await provider.charge(charge('reg-1'));
    const refund = { registrationId: 'reg-1', amountCents: 12_500 };

    const first = await provider.refund(refund);
    const second = await provider.refund(refund);

    expect(second.refundId).toBe(first.refundId);
    expect(ledger.isRefunded('reg-1')).toBe(true);
    expect((await ledger.findCharge('reg-1'))?.status).toBe('REFUNDED');
    await expect(provider.refund({ ...refund, registrationId: 'reg-2' })).rejects.toBeInstanceOf(
      ProviderDeclined,
    );
    await expect(provider.refund({ ...refund, amountCents: 12_501 })).rejects.toBeInstanceOf(
      ProviderDeclined,
    );
  });

  it('looks a key up: nothing, a slow charge still under way, the late charge, its refund', async () => {
    const ledger = new InMemoryProviderLedger();
    const provider = new SimulatedProvider({ ...noLatency, seed: 's', hangMs: 30 }, ledger);
    expect(await provider.lookup('reg-93')).toEqual({ status: 'none' });

    const controller = new AbortController();
    const gaveUp = provider.charge(charge('reg-93', 10_093), controller.signal);
    controller.abort(new Error('timed out'));
    await expect(gaveUp).rejects.toThrow('timed out');
    expect(await provider.lookup('reg-93')).toEqual({ status: 'pending' });

    await provider.drain();
    const taken = await ledger.findCharge('reg-93');
    expect(await provider.lookup('reg-93')).toEqual({
      status: 'captured',
      reference: taken?.reference,
      amountCents: 10_093,
      currency: 'EUR',
    });
    await provider.refund({ registrationId: 'reg-93', amountCents: 10_093 });
    expect(await provider.lookup('reg-93')).toEqual(expect.objectContaining({ status: 'refunded' }));
  });

  it('answers a lookup with the configured failures, so it can be unavailable', async () => {
    const provider = new SimulatedProvider({ ...noLatency, failureRate: 1 });

    await expect(provider.lookup('reg-1')).rejects.toBeInstanceOf(ProviderUnavailable);
  });

  it('rejects rates outside 0..1', () => {
    expect(() => new SimulatedProvider({ failureRate: 0.6, declineRate: 0.6 })).toThrow(RangeError);
    expect(() => new SimulatedProvider({ hangRate: -0.1 })).toThrow(RangeError);
  });
});
