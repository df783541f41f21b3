import { backoffDelay, reconnectPolicy } from './reconnect.backoff';

describe(backoffDelay.name, () => {
  const atMost = reconnectPolicy({ baseDelayMs: 500, maxDelayMs: 30_000, random: () => 0.999999 });
  const atLeast = reconnectPolicy({ baseDelayMs: 500, maxDelayMs: 30_000, random: () => 0 });

  it('doubles the ceiling with every attempt', () => {
    const ceilings = [0, 1, 2, 3, 4, 5].map((attempt) => Math.round(backoffDelay(attempt, atMost)));
    expect(ceilings).toEqual([500, 1000, 2000, 4000, 8000, 16_000]);
  });

  it('never exceeds the maximum delay, however many attempts failed', () => {
    for (const attempt of [6, 7, 10, 50, 2000]) {
      expect(backoffDelay(attempt, atMost)).toBeLessThanOrEqual(30_000);
      expect(backoffDelay(attempt, atMost)).toBeGreaterThan(29_999);
    }
  });

  it('draws the whole range from zero up to the ceiling (full jitter)', () => {
    expect(backoffDelay(3, atLeast)).toBe(0);
    expect(backoffDelay(3, reconnectPolicy({ random: () => 0.5 }))).toBe(2000);
    expect(backoffDelay(3, reconnectPolicy({ random: () => 0.25 }))).toBe(1000);
  });

  it('stays within [0, ceiling) for any random draw', () => {
    let seed = 42;
    const random = (): number => {
      seed = (seed * 16_807) % 2_147_483_647;
      return (seed - 1) / 2_147_483_646;
    };
    const policy = reconnectPolicy({ baseDelayMs: 100, maxDelayMs: 5000, random });
    for (let attempt = 0; attempt < 20; attempt++) {
      const ceiling = Math.min(5000, 100 * 2 ** attempt);
      for (let draw = 0; draw < 50; draw++) {
        const delay = backoffDelay(attempt, policy);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(ceiling);
      }
    }
  });

  it('defaults to a 500 ms base and a 30 s cap', () => {
    expect(reconnectPolicy()).toMatchObject({ baseDelayMs: 500, maxDelayMs: 30_000, healthyAfterMs: 5000 });
  });
});
