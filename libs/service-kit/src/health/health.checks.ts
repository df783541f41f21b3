/**
 * One readiness check: up when it returns or resolves to anything but `false`; down when it gives
 * `false` ("not ready") or throws (the error's message is the reason).
 */
export type HealthCheck = () => unknown;

export type HealthChecks = Record<string, HealthCheck>;

export type CheckState = 'up' | 'down';

export interface CheckResults {
  checks: Record<string, CheckState>;
  /** Why each check that is down is down, by the check's name. */
  reasons: Record<string, string>;
}

/** Runs every check at once; none stops another. */
export async function runChecks(checks: HealthChecks): Promise<CheckResults> {
  const outcomes = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      try {
        return [name, (await check()) === false ? 'not ready' : undefined] as const;
      } catch (error) {
        return [name, error instanceof Error ? error.message : String(error)] as const;
      }
    }),
  );
  const results: CheckResults = { checks: {}, reasons: {} };
  for (const [name, reason] of outcomes) {
    results.checks[name] = reason === undefined ? 'up' : 'down';
    if (reason !== undefined) results.reasons[name] = reason;
  }
  return results;
}
