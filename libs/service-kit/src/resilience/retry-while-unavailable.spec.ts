import { retryWhileUnavailable } from './retry-while-unavailable';

const refused = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:15432'), { code: 'ECONNREFUSED' });

describe(retryWhileUnavailable.name, () => {
  it('tries again while the dependency is unavailable, backing off, then returns the result', async () => {
    let calls = 0;
    const waits: number[] = [];
    const result = await retryWhileUnavailable(
      async () => {
        calls += 1;
        if (calls < 4) throw refused();
        return 'migrated';
      },
      (_error, delayMs) => waits.push(delayMs),
      { firstDelayMs: 1, maxDelayMs: 3 },
    );
    expect(result).toBe('migrated');
    expect(waits).toEqual([1, 2, 3]);
  });

  it('throws any other failure at once', async () => {
    const onRetry = jest.fn();
    await expect(
      retryWhileUnavailable(() => Promise.reject(new Error('syntax error at or near "CREAT"')), onRetry),
    ).rejects.toThrow('syntax error');
    expect(onRetry).not.toHaveBeenCalled();
  });
});
