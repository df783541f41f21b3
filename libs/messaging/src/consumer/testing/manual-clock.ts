import type { Clock, Timer } from '../clock';

interface ScheduledTimer {
  dueAt: number;
  sequence: number;
  callback: () => void;
}

/** Lets every promise callback that is already queued run, including the ones they queue in turn. */
export function flushPromises(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * A clock that moves only when told. Timers fire in due order (ties in the order they were set), and
 * promise callbacks run after each one, so code awaiting a timer has finished before the next fires.
 */
export class ManualClock implements Clock {
  private current: number;
  private sequence = 0;
  private readonly timers = new Set<ScheduledTimer>();

  constructor(startAt = 0) {
    this.current = startAt;
  }

  now(): number {
    return this.current;
  }

  setTimer(callback: () => void, delayMs: number): Timer {
    const timer: ScheduledTimer = {
      dueAt: this.current + Math.max(0, delayMs),
      sequence: this.sequence++,
      callback,
    };
    this.timers.add(timer);
    return { cancel: () => this.timers.delete(timer) };
  }

  get pendingTimers(): number {
    return this.timers.size;
  }

  /** A promise that resolves `delayMs` from now on this clock. */
  sleep(delayMs: number): Promise<void> {
    return new Promise((resolve) => this.setTimer(resolve, delayMs));
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  async advanceBy(ms: number): Promise<void> {
    const until = this.current + ms;
    await flushPromises();
    for (let next = this.next(); next && next.dueAt <= until; next = this.next()) {
      await this.fire(next);
    }
    this.current = until;
  }

  /** Moves time to the earliest timer and fires it; false when no timer is set. */
  async advanceToNextTimer(): Promise<boolean> {
    await flushPromises();
    const next = this.next();
    if (!next) return false;
    await this.fire(next);
    return true;
  }

  private async fire(timer: ScheduledTimer): Promise<void> {
    this.timers.delete(timer);
    this.current = Math.max(this.current, timer.dueAt);
    timer.callback();
    await flushPromises();
  }

  private next(): ScheduledTimer | undefined {
    let earliest: ScheduledTimer | undefined;
    for (const timer of this.timers) {
      if (
        !earliest ||
        timer.dueAt < earliest.dueAt ||
        (timer.dueAt === earliest.dueAt && timer.sequence < earliest.sequence)
      ) {
        earliest = timer;
      }
    }
    return earliest;
  }
}
