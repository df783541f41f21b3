export type ReplayTarget = { kind: 'earliest' } | { kind: 'timestamp'; timestamp: number };

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Reads a `--from` value: `earliest`, an ISO 8601 time (`2026-11-25T09:00:00Z`), or a time
 * relative to `now` (`24h ago`, `90m ago`, `7d ago`).
 */
export function parseReplayTarget(value: string, now: number = Date.now()): ReplayTarget {
  const text = value.trim();
  if (text === 'earliest') return { kind: 'earliest' };
  const relative = /^(\d+)\s*([smhd])\s+ago$/i.exec(text);
  if (relative) {
    return { kind: 'timestamp', timestamp: now - Number(relative[1]) * UNIT_MS[relative[2]!.toLowerCase()]! };
  }
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
    const timestamp = Date.parse(text);
    if (!Number.isNaN(timestamp)) return { kind: 'timestamp', timestamp };
  }
  throw new Error(
    `cannot read --from "${value}": use earliest, an ISO time such as 2026-11-25T09:00:00Z, or e.g. "24h ago", "90m ago", "7d ago"`,
  );
}

export function describeReplayTarget(target: ReplayTarget): string {
  return target.kind === 'earliest'
    ? 'the earliest retained offset'
    : new Date(target.timestamp).toISOString();
}
