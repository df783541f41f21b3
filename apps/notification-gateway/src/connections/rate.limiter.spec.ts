import { RateLimiter } from './rate.limiter';

describe(RateLimiter.name, () => {
  it('allows a burst of the rate, then refills with time', () => {
    let now = 0;
    const limiter = new RateLimiter(3, () => now);
    expect([limiter.tryTake(), limiter.tryTake(), limiter.tryTake(), limiter.tryTake()]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    now = 400;
    expect(limiter.tryTake()).toBe(true);
    expect(limiter.tryTake()).toBe(false);
  });
});
