import { setTimeout as sleep } from 'node:timers/promises';

export class HealthTimeoutError extends Error {}

/** Thrown by a probe when waiting longer cannot help (a connector task that failed). */
export class HopelessError extends Error {}

/**
 * Polls `probe` until it resolves true or the time limit passes. `lastProblem` collects why the
 * last probe failed, so the timeout message says what was wrong rather than only "timed out".
 */
export async function waitUntil(
  what: string,
  probe: () => Promise<boolean>,
  options: { timeoutMs: number; intervalMs?: number; whileAlive?: () => boolean },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    if (options.whileAlive && !options.whileAlive()) {
      throw new HealthTimeoutError(`${what}: the process exited before it became healthy`);
    }
    try {
      if (await probe()) return;
    } catch (error) {
      if (error instanceof HopelessError) throw new HealthTimeoutError(`${what}: ${error.message}`);
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    await sleep(options.intervalMs ?? 250);
  }
  throw new HealthTimeoutError(
    `${what}: not healthy after ${Math.round(options.timeoutMs / 1000)} s (last problem: ${lastProblem})`,
  );
}
