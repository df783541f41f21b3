export interface ReconnectOptions {
  /** The cap of the first retry's delay; each further attempt doubles it. Default 500 ms. */
  readonly baseDelayMs?: number;
  /** No delay exceeds this. Default 30 s. */
  readonly maxDelayMs?: number;
  /** A number in [0, 1); injectable so the jitter can be tested. Default Math.random. */
  readonly random?: () => number;
  /** A connection open this long counts as healthy and resets the backoff. Default 5 s. */
  readonly healthyAfterMs?: number;
}

export type ReconnectPolicy = Required<ReconnectOptions>;

export function reconnectPolicy(options: ReconnectOptions = {}): ReconnectPolicy {
  return {
    baseDelayMs: options.baseDelayMs ?? 500,
    maxDelayMs: options.maxDelayMs ?? 30_000,
    random: options.random ?? Math.random,
    healthyAfterMs: options.healthyAfterMs ?? 5_000,
  };
}

/**
 * Exponential backoff with full jitter: a uniform delay in [0, min(max, base * 2^attempt)), so
 * clients dropped together by one gateway do not come back together.
 */
export function backoffDelay(attempt: number, policy: ReconnectPolicy): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return policy.random() * ceiling;
}
