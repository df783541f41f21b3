import { setTimeout as sleep } from 'node:timers/promises';
import type { ReadModelReader } from '@platform/read-models';
import type { Services } from '@platform/stack';
import type { PlatformTruth } from '../support/platform-truth';
import type { RegistrationApi } from '../support/registration-api';
import type { FaultContext, FaultScenario } from './fault-scenario';
import { FaultSurge } from './fault-surge';
import { sampleOverbooking } from './overbooking-sampler';
import { newDeadLetters, type PlatformHealth } from './platform-health';
import { checkPromises } from './promise-check';
import type { StackFaults } from './stack-faults';

export interface FaultRunDependencies {
  services: Services;
  stack: StackFaults;
  api: RegistrationApi;
  truth: PlatformTruth;
  reader: ReadModelReader;
  health: PlatformHealth;
  toxiproxy?: FaultContext['toxiproxy'];
}

export interface FaultRunResult {
  scenario: string;
  passed: boolean;
  violations: string[];
  /** From the fault to every service ready again. */
  healMs: number;
  accepted: number;
  terminal: number;
  longestToTerminalMs: number;
}

export interface SurgeShape {
  students: number;
  capacity: number;
  ratePerSecond: number;
  /** How long the surge runs before the fault. */
  faultAfterMs: number;
}

export const defaultSurge: SurgeShape = {
  students: 60,
  capacity: 40,
  ratePerSecond: 20,
  faultAfterMs: 1_000,
};

/**
 * One run of one scenario: a surge on a fresh module, the fault a second into it, the healing,
 * and then every invariant: the promises (no overbooking also during the fault, every accepted
 * registration ended, money right, Redis equal to Postgres), every service ready, every
 * committing group's lag back to zero, and no dead letter (none of the surge's messages is poison).
 */
export async function runFault(
  scenario: FaultScenario,
  deps: FaultRunDependencies,
  shape: SurgeShape = defaultSurge,
): Promise<FaultRunResult> {
  const { services, stack, api, truth, reader, health } = deps;
  const surge = await FaultSurge.prepare('matrix', api, truth, reader, shape);
  const deadLettersBefore = await health.deadLetters();
  const overbooking = sampleOverbooking(truth, surge.moduleId);
  const surging = surge.run({ ratePerSecond: shape.ratePerSecond });

  await sleep(shape.faultAfterMs);
  const faultAt = Date.now();
  const violations: string[] = [];
  await scenario
    .inject({ services, stack, truth, toxiproxy: deps.toxiproxy })
    .catch(async (error: unknown) => {
      violations.push(
        `the fault or its healing failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      // Whatever the scenario left broken must not fail the scenarios after it.
      await stack.heal().catch(() => undefined);
    });
  const ready = await allReady(services, 180_000);
  const healMs = Date.now() - faultAt;
  if (!ready) violations.push('not every service was ready again within 3 minutes');

  const outcome = await surging;
  const report = await checkPromises({
    api,
    truth,
    reader,
    surge,
    outcome,
    overbooking: await overbooking.stop(),
  });
  violations.push(...report.violations);
  const behind = await health.waitForZeroLag();
  if (Object.keys(behind).length > 0)
    violations.push(`consumer lag did not come back to 0: ${JSON.stringify(behind)}`);
  const parked = newDeadLetters(deadLettersBefore, await health.deadLetters());
  if (Object.keys(parked).length > 0)
    violations.push(`dead-lettered without being poison: ${JSON.stringify(parked)}`);

  return {
    scenario: scenario.name,
    passed: violations.length === 0,
    violations,
    healMs,
    accepted: report.accepted,
    terminal: report.terminal,
    longestToTerminalMs: report.longestToTerminalMs,
  };
}

async function allReady(services: Services, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await services.status()).every((state) => state.state === 'ready')) return true;
    await sleep(250);
  }
  return false;
}
