import {
  DependencyUnavailableError,
  NonRetriableError,
  PoisonMessageError,
  RetriableError,
} from './consumer-errors';
import { RetryPolicy, classifyFailure, type RetrySettings } from './retry-policy';

const settings: RetrySettings = {
  maxAttempts: 4,
  baseDelayMs: 100,
  maxDelayMs: 1000,
  maxUnavailableDelayMs: 400,
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

describe('RetryPolicy.forMessage', () => {
  const unavailable = new DependencyUnavailableError(
    'postgres',
    new Error('Connection terminated unexpectedly'),
  );

  it('retries an unavailable dependency without end, at most maxUnavailableDelayMs apart', () => {
    const retries = new RetryPolicy(settings, () => 0.5).forMessage();
    const delays = Array.from({ length: 50 }, () => retries.afterFailure(unavailable));
    expect(delays.every((decision) => decision.retry)).toBe(true);
    expect(delays.slice(0, 4)).toEqual([50, 100, 200, 200].map((delayMs) => ({ retry: true, delayMs })));
  });

  it('does not count an outage toward maxAttempts: the failures around it still get their runs', () => {
    const retries = new RetryPolicy(settings, () => 0.5).forMessage();
    const busy = new RetriableError('busy');
    expect(retries.afterFailure(busy)).toEqual({ retry: true, delayMs: 50 });
    for (let i = 0; i < 20; i += 1) expect(retries.afterFailure(unavailable).retry).toBe(true);
    expect(retries.afterFailure(busy)).toEqual({ retry: true, delayMs: 100 });
    expect(retries.afterFailure(busy)).toEqual({ retry: true, delayMs: 200 });
    expect(retries.afterFailure(busy)).toEqual({ retry: false, reason: 'retries-exhausted' });
  });

  it('starts the outage backoff again after another kind of failure', () => {
    const retries = new RetryPolicy(settings, () => 0.5).forMessage();
    retries.afterFailure(unavailable);
    retries.afterFailure(unavailable);
    retries.afterFailure(new RetriableError('busy'));
    expect(retries.afterFailure(unavailable)).toEqual({ retry: true, delayMs: 50 });
  });
});

describe(classifyFailure.name, () => {
  it('classifies an unreachable dependency as unavailable, however it is wrapped', () => {
    expect(classifyFailure(new DependencyUnavailableError('redis', 'gone'))).toBe('unavailable');
    expect(classifyFailure(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(
      'unavailable',
    );
    expect(
      classifyFailure(new Error('wrapped', { cause: new Error('Connection terminated unexpectedly') })),
    ).toBe('unavailable');
  });

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
