import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Waits until `probe` returns something other than undefined or false, and returns it. The limit
 * is generous on purpose: it bounds a broken run, it never measures speed.
 */
export async function eventually<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await probe();
    if (result !== undefined && result !== false) return result;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}
