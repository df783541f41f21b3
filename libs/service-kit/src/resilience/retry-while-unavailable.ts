import { setTimeout as sleep } from 'node:timers/promises';
import { isDependencyUnavailable } from '@platform/messaging';

export interface RetryWhileUnavailableOptions {
  firstDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * Runs `work` until it no longer fails for want of a dependency, waiting twice as long each time
 * (up to `maxDelayMs`); any other failure is thrown at once. For start-up work such as migrations,
 * so a service started during an outage waits for the database instead of exiting.
 */
export async function retryWhileUnavailable<T>(
  work: () => Promise<T>,
  onRetry: (error: unknown, delayMs: number) => void,
  { firstDelayMs = 250, maxDelayMs = 5_000 }: RetryWhileUnavailableOptions = {},
): Promise<T> {
  for (let delayMs = firstDelayMs; ; delayMs = Math.min(delayMs * 2, maxDelayMs)) {
    try {
      return await work();
    } catch (error) {
      if (!isDependencyUnavailable(error)) throw error;
      onRetry(error, delayMs);
      await sleep(delayMs);
    }
  }
}
