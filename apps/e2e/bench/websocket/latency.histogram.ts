/** Latencies in whole milliseconds, counted per millisecond: cheap to record, exact to merge across processes. */
export class LatencyHistogram {
  private readonly counts = new Map<number, number>();
  private total = 0;

  record(ms: number): void {
    const bucket = Math.max(0, Math.round(ms));
    this.counts.set(bucket, (this.counts.get(bucket) ?? 0) + 1);
    this.total += 1;
  }

  get count(): number {
    return this.total;
  }

  /** [milliseconds, count] pairs, for sending to another process. */
  toPairs(): [number, number][] {
    return [...this.counts];
  }

  merge(pairs: readonly [number, number][]): void {
    for (const [ms, count] of pairs) {
      this.counts.set(ms, (this.counts.get(ms) ?? 0) + count);
      this.total += count;
    }
  }

  quantile(q: number): number {
    if (this.total === 0) return NaN;
    const rank = Math.min(this.total - 1, Math.floor(q * this.total));
    let seen = 0;
    for (const ms of [...this.counts.keys()].sort((a, b) => a - b)) {
      seen += this.counts.get(ms)!;
      if (seen > rank) return ms;
    }
    return NaN;
  }

  max(): number {
    return this.total === 0 ? NaN : Math.max(...this.counts.keys());
  }
}
