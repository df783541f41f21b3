import { setMaxListeners } from 'node:events';

export interface Timer {
  cancel(): void;
}

/** Time as the consumer sees it; injected so tests can move it by hand. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  setTimer(callback: () => void, delayMs: number): Timer;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer: (callback, delayMs) => {
    const handle = setTimeout(callback, delayMs);
    return { cancel: () => clearTimeout(handle) };
  },
};

/** Waits `delayMs`; resolves true when the time passed, false when `signal` aborted first. */
export function sleep(clock: Clock, delayMs: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      timer.cancel();
      resolve(false);
    };
    const timer = clock.setTimer(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, delayMs);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Resolves true when every promise settled within `timeoutMs`, false when the time ran out first. */
export async function settleWithin(
  clock: Clock,
  promises: Promise<unknown>[],
  timeoutMs: number,
): Promise<boolean> {
  let timer: Timer | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = clock.setTimer(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([Promise.allSettled(promises).then(() => true), timedOut]);
  } finally {
    timer?.cancel();
  }
}

/** A cancellation signal that many waiting messages may listen to at once without a leak warning. */
export function sharedAbortController(): AbortController {
  const controller = new AbortController();
  // One listener per waiting message; their number is bounded by the partition's buffer.
  setMaxListeners(0, controller.signal);
  return controller;
}
