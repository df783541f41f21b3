import { ConcurrencyLimiter } from './concurrency-limiter';
import { flushPromises } from './testing';

describe(ConcurrencyLimiter.name, () => {
  it('grants slots up to the limit, then queues first come, first served', async () => {
    const limiter = new ConcurrencyLimiter(2);
    await expect(limiter.acquire()).resolves.toBe(true);
    await expect(limiter.acquire()).resolves.toBe(true);

    const granted: string[] = [];
    void limiter.acquire().then(() => granted.push('third'));
    void limiter.acquire().then(() => granted.push('fourth'));
    await flushPromises();
    expect(granted).toEqual([]);
    expect(limiter.waiting).toBe(2);

    limiter.release();
    await flushPromises();
    expect(granted).toEqual(['third']);
    expect(limiter.inFlight).toBe(2);

    limiter.release();
    limiter.release();
    limiter.release();
    await flushPromises();
    expect(granted).toEqual(['third', 'fourth']);
    expect(limiter.inFlight).toBe(0);
  });

  it('lets an aborted waiter leave the queue without taking a slot', async () => {
    const limiter = new ConcurrencyLimiter(1);
    await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    controller.abort();
    await expect(waiting).resolves.toBe(false);
    expect(limiter.waiting).toBe(0);
    limiter.release();
    expect(limiter.inFlight).toBe(0);
  });

  it('refuses a slot to an already aborted caller even when one is free', async () => {
    const limiter = new ConcurrencyLimiter(1);
    await expect(limiter.acquire(AbortSignal.abort())).resolves.toBe(false);
    expect(limiter.inFlight).toBe(0);
  });

  it('rejects a release without a held slot', () => {
    expect(() => new ConcurrencyLimiter(1).release()).toThrow(/without a held slot/);
  });
});
