/**
 * Runs commits one at a time, in the order they were asked for, so an older commit can never
 * land after, and undo, a newer one. A failed commit does not stop the ones after it.
 */
export class SerialCommits {
  private last: Promise<unknown> = Promise.resolve();

  run(commit: () => Promise<unknown>): Promise<void> {
    const next = this.last.then(commit).then(() => undefined);
    this.last = next.catch(() => undefined);
    return next;
  }

  /** Resolves once every commit asked for so far has finished. */
  settled(): Promise<unknown> {
    return this.last;
  }
}
