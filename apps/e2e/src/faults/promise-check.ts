import { setTimeout as sleep } from 'node:timers/promises';
import type { ReadModelReader } from '@platform/read-models';
import { mapWithLimit } from '../support/concurrency';
import type { PlatformTruth } from '../support/platform-truth';
import type { RegistrationApi, RegistrationBody } from '../support/registration-api';
import type { FaultSurge, SurgeOutcome } from './fault-surge';
import type { OverbookingSamples } from './overbooking-sampler';

export interface PromiseReport {
  /** Each broken promise, said in a sentence; empty when all held. */
  violations: string[];
  accepted: number;
  terminal: number;
  completed: number;
  cancelled: number;
  /** From a 202 to the registration's end, the slowest of the surge. */
  longestToTerminalMs: number;
}

export interface PromiseCheckInput {
  api: RegistrationApi;
  truth: PlatformTruth;
  reader: ReadModelReader;
  surge: FaultSurge;
  outcome: SurgeOutcome;
  overbooking: OverbookingSamples;
  /** How long every accepted registration gets to end, counted after the fault healed. */
  settleTimeoutMs?: number;
}

/**
 * ARCHITECTURE.md's promises for one surge after a fault: no valid request refused, never
 * overbooked (also while the fault ran), every accepted registration ended, money kept exactly for
 * a confirmed seat and charged once, and Redis equal to Postgres. Reports instead of throwing, so
 * a fault matrix can count and a spec can list every broken promise at once.
 */
export async function checkPromises(input: PromiseCheckInput): Promise<PromiseReport> {
  const { api, truth, reader, surge, outcome, overbooking, settleTimeoutMs = 240_000 } = input;
  const violations: string[] = [];
  if (outcome.refused.length > 0)
    violations.push(
      `${outcome.refused.length} valid registrations refused: ` +
        JSON.stringify(outcome.refused.slice(0, 3).map(({ status, body }) => ({ status, body }))),
    );
  if (overbooking.overbooked.length > 0)
    violations.push(`overbooked during the fault: ${JSON.stringify(overbooking.overbooked[0])}`);

  const deadline = Date.now() + settleTimeoutMs;
  const ended = await mapWithLimit(outcome.accepted, 16, async (registration) => {
    const body = await until(deadline, async () => {
      const answer = await api.registration(registration.token, registration.registrationId);
      return answer.status === 200 && answer.body.status !== 'PENDING' ? answer.body : undefined;
    });
    return body && { body, tookMs: Date.now() - registration.acceptedAt };
  });
  const finals = ended.filter((end): end is { body: RegistrationBody; tookMs: number } => end !== undefined);
  if (finals.length < outcome.accepted.length)
    violations.push(`${outcome.accepted.length - finals.length} accepted registrations never ended`);
  const completed = finals.filter(({ body }) => body.status === 'COMPLETED');

  const counts = await until(deadline, async () => {
    const current = await truth.moduleCounts(surge.moduleId);
    return current?.reserved === 0 ? current : undefined;
  });
  if (!counts) violations.push('held seats never settled to zero');
  else {
    if (counts.confirmed > surge.capacity)
      violations.push(`overbooked: ${counts.confirmed} confirmed of ${surge.capacity}`);
    if (counts.confirmed !== completed.length)
      violations.push(`${counts.confirmed} seats confirmed for ${completed.length} completed registrations`);
  }

  for (const { body } of finals) {
    const kept = body.status === 'COMPLETED' ? 1 : 0;
    const ledger = await until(deadline, async () => {
      const current = await truth.providerLedger(body.registrationId);
      return current.charges - current.refunds === kept && current.charges <= 1 ? current : undefined;
    });
    if (!ledger) {
      const current = await truth.providerLedger(body.registrationId).catch(() => undefined);
      violations.push(
        `money for ${body.registrationId} (${body.status}) is wrong: ${JSON.stringify(current)}`,
      );
    }
  }

  const converged = await until(Date.now() + 30_000, async () => {
    const view = await reader.module(surge.moduleId);
    if (!counts || view?.reserved !== counts.reserved || view.confirmed !== counts.confirmed)
      return undefined;
    for (const { body } of finals) {
      if ((await reader.registration(body.registrationId))?.status !== body.status) return undefined;
    }
    return true;
  });
  if (!converged) violations.push('the read models in Redis did not come to equal Postgres');

  return {
    violations,
    accepted: outcome.accepted.length,
    terminal: finals.length,
    completed: completed.length,
    cancelled: finals.length - completed.length,
    longestToTerminalMs: Math.max(0, ...finals.map(({ tookMs }) => tookMs)),
  };
}

/** Polls `probe` (a failing probe counts as "not yet") until it gives a value or the deadline passes. */
async function until<T>(deadline: number, probe: () => Promise<T | undefined>): Promise<T | undefined> {
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) return undefined;
    await sleep(250);
  }
}
