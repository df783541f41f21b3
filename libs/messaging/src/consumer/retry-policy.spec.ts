import { NonRetriableError, PoisonMessageError, RetriableError } from './consumer-errors';
import { RetryPolicy, classifyFailure, type RetrySettings } from './retry-policy';

const settings: RetrySettings = {
  maxAttempts: 4,
  baseDelayMs: 100,
  maxDelayMs: 1000,
  classify: classifyFailure,
};

describe(RetryPolicy.name, () => {
  it('grows the cap exponentially up to the maximum, and draws the delay uniformly below it', () => {
    const policy = new RetryPolicy(settings, () => 0.5);
    expect([1, 2, 3, 4, 5, 6].map((attempt) => policy.backoffDelay(attempt))).toEqual([
      50, 100, 200, 400, 500, 500,
    ]);
  });

  it('uses full jitter: from zero up to just below the cap', () => {
    expect(new RetryPolicy(settings, () => 0).backoffDelay(3)).toBe(0);
    expect(new RetryPolicy(settings, () => 0.999999).backoffDelay(3)).toBe(399);
  });

  it('stays finite after very many attempts, even with a zero base delay', () => {
    expect(new RetryPolicy(settings, () => 0.5).backoffDelay(10_000)).toBe(500);
    expect(new RetryPolicy({ ...settings, baseDelayMs: 0 }, () => 0.5).backoffDelay(10_000)).toBe(0);
  });

  it('retries a retriable failure until the attempts run out', () => {
    const policy = new RetryPolicy(settings, () => 0.5);
    expect(policy.afterFailure(new RetriableError('busy'), 1)).toEqual({ retry: true, delayMs: 50 });
    expect(policy.afterFailure(new RetriableError('busy'), 3)).toEqual({ retry: true, delayMs: 200 });
    expect(policy.afterFailure(new RetriableError('busy'), 4)).toEqual({
      retry: false,
      reason: 'retries-exhausted',
    });
  });

  it('gives up on a non-retriable failure at once', () => {
    const policy = new RetryPolicy(settings, () => 0.5);
    expect(policy.afterFailure(new NonRetriableError('bad'), 1)).toEqual({
      retry: false,
      reason: 'non-retriable',
    });
  });

  it('asks the configured classifier', () => {
    const policy = new RetryPolicy({ ...settings, classify: () => 'non-retriable' }, () => 0.5);
    expect(policy.afterFailure(new RetriableError('busy'), 1)).toEqual({
      retry: false,
      reason: 'non-retriable',
    });
  });
});

describe(classifyFailure.name, () => {
  it('classifies the runtime’s error classes, poison as non-retriable', () => {
    expect(classifyFailure(new RetriableError('x'))).toBe('retriable');
    expect(classifyFailure(new NonRetriableError('x'))).toBe('non-retriable');
    expect(classifyFailure(new PoisonMessageError('x'))).toBe('non-retriable');
  });

  it('treats anything else as retriable', () => {
    expect(classifyFailure(new Error('connection reset'))).toBe('retriable');
    expect(classifyFailure(new TypeError('x'))).toBe('retriable');
    expect(classifyFailure('a thrown string')).toBe('retriable');
    expect(classifyFailure(undefined)).toBe('retriable');
  });
});
