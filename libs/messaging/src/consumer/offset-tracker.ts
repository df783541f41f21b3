/**
 * Which received offsets of one partition are done, and how far a commit may go: to just after the
 * last done offset with nothing unfinished before it. Offsets need not be consecutive numbers
 * (compaction and transaction markers leave gaps), so contiguity is over the offsets received.
 */
export class OffsetTracker {
  /** Received offsets at or after the commit point, in order; some may be done out of order. */
  private readonly pending: bigint[] = [];
  private readonly doneAhead = new Set<bigint>();
  private lastReceived: bigint | undefined;
  private committable: bigint | undefined;
  private committed: bigint | undefined;

  /** Messages received and not yet behind the commit point (unfinished, or done behind an unfinished one). */
  get buffered(): number {
    return this.pending.length;
  }

  /** Messages received and not yet done. */
  get unfinished(): number {
    return this.pending.length - this.doneAhead.size;
  }

  /** Records a received offset; false for one at or before an offset already received (a redelivery). */
  receive(offset: string): boolean {
    const value = BigInt(offset);
    if (this.lastReceived !== undefined && value <= this.lastReceived) return false;
    this.lastReceived = value;
    this.pending.push(value);
    return true;
  }

  /** Marks a received offset done; false when it is not waiting to be done. */
  complete(offset: string): boolean {
    const value = BigInt(offset);
    if (this.doneAhead.has(value) || !this.pending.includes(value)) return false;
    this.doneAhead.add(value);
    while (this.pending.length > 0 && this.doneAhead.has(this.pending[0] as bigint)) {
      const done = this.pending.shift() as bigint;
      this.doneAhead.delete(done);
      this.committable = done + 1n;
    }
    return true;
  }

  /** The offset to commit (the next one to read), or undefined when nothing moved since the last commit. */
  pendingCommit(): string | undefined {
    if (this.committable === undefined) return undefined;
    if (this.committed !== undefined && this.committable <= this.committed) return undefined;
    return this.committable.toString();
  }

  markCommitted(offset: string): void {
    const value = BigInt(offset);
    if (this.committed === undefined || value > this.committed) this.committed = value;
  }
}
