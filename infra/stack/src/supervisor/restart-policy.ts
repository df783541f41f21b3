import { z } from 'zod';

/** When the supervisor restarts a service that exited on its own, and when it stops trying. */
export interface RestartPolicy {
  /** The wait before the first restart; each quick exit after it doubles the wait. */
  backoffMs: number;
  backoffMaxMs: number;
  /** A run at least this long was stable: the next exit waits `backoffMs` again. */
  stableRunMs: number;
  /** This many unexpected exits within `crashLoopWindowMs` is a crash loop: no more restarts. */
  crashLoopExits: number;
  crashLoopWindowMs: number;
}

/** What the policy remembers between exits. */
export interface RestartHistory {
  /** Exits since the last stable run: the exponent of the next backoff. */
  quickExits: number;
  /** When the unexpected exits of the crash-loop window happened (epoch ms), oldest first. */
  recentExits: number[];
}

export type RestartDecision =
  { action: 'restart'; delayMs: number } | { action: 'give-up'; exitsInWindow: number };

export const freshHistory: RestartHistory = { quickExits: 0, recentExits: [] };

/** The decision after the child, started at `startedAt`, exited on its own at `exitedAt`. */
export function decideAfterExit(
  policy: RestartPolicy,
  history: RestartHistory,
  run: { startedAt: number; exitedAt: number },
): { decision: RestartDecision; history: RestartHistory } {
  const wasStable = run.exitedAt - run.startedAt >= policy.stableRunMs;
  const quickExits = wasStable ? 0 : history.quickExits;
  const recentExits = [...history.recentExits, run.exitedAt].filter(
    (at) => run.exitedAt - at <= policy.crashLoopWindowMs,
  );
  if (recentExits.length >= policy.crashLoopExits) {
    return {
      decision: { action: 'give-up', exitsInWindow: recentExits.length },
      history: { quickExits, recentExits },
    };
  }
  const delayMs = Math.min(policy.backoffMs * 2 ** quickExits, policy.backoffMaxMs);
  return {
    decision: { action: 'restart', delayMs },
    history: { quickExits: quickExits + 1, recentExits },
  };
}

const milliseconds = z.coerce.number().int().positive();

const settingsSchema = z.object({
  SERVICES_RESTART_BACKOFF_MS: milliseconds.default(1_000),
  SERVICES_RESTART_BACKOFF_MAX_MS: milliseconds.default(30_000),
  SERVICES_RESTART_STABLE_MS: milliseconds.default(60_000),
  SERVICES_CRASH_LOOP_EXITS: z.coerce.number().int().min(1).default(5),
  SERVICES_CRASH_LOOP_WINDOW_MS: milliseconds.default(120_000),
});

/** The policy from `SERVICES_RESTART_*` and `SERVICES_CRASH_LOOP_*`, every bad value in one message. */
export function restartPolicyFromEnv(env: NodeJS.ProcessEnv): RestartPolicy {
  const parsed = settingsSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid restart policy settings:\n  ${problems.join('\n  ')}`);
  }
  const settings = parsed.data;
  return {
    backoffMs: settings.SERVICES_RESTART_BACKOFF_MS,
    backoffMaxMs: settings.SERVICES_RESTART_BACKOFF_MAX_MS,
    stableRunMs: settings.SERVICES_RESTART_STABLE_MS,
    crashLoopExits: settings.SERVICES_CRASH_LOOP_EXITS,
    crashLoopWindowMs: settings.SERVICES_CRASH_LOOP_WINDOW_MS,
  };
}
