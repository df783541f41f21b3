import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ReadModelReader } from '@platform/read-models';
import { mapWithLimit } from '../support/concurrency';
import type { PlatformTruth } from '../support/platform-truth';
import type { RegistrationApi } from '../support/registration-api';
import { freshId, moduleVisible } from '../support/scenario';
import { ensureStudents } from '../support/students';

export interface AcceptedRegistration {
  studentId: string;
  token: string;
  registrationId: string;
  acceptedAt: number;
}

export interface SurgeOutcome {
  accepted: AcceptedRegistration[];
  /** Answers that were neither 202 nor worth trying again (a 4xx, say): each one a refused valid request. */
  refused: { studentId: string; status: number; body: unknown }[];
  /** 503s and failed connections that a retry got past. */
  retried: number;
}

export interface SurgeSettings {
  students: number;
  capacity: number;
  /** POSTs started per second. */
  ratePerSecond: number;
  /** How long one student keeps trying before the request counts as refused. */
  giveUpAfterMs?: number;
}

/**
 * A registration surge on a module of its own, as students' browsers would send it during a
 * fault: each student POSTs once with an Idempotency-Key, and tries again with the same key
 * after a 503 (waiting its Retry-After) or a failed connection, so a retry never registers twice.
 */
export class FaultSurge {
  private constructor(
    readonly moduleId: string,
    readonly capacity: number,
    private readonly api: RegistrationApi,
    private readonly students: { studentId: string; token: string }[],
  ) {}

  static async prepare(
    name: string,
    api: RegistrationApi,
    truth: PlatformTruth,
    reader: ReadModelReader,
    { students, capacity }: Pick<SurgeSettings, 'students' | 'capacity'>,
  ): Promise<FaultSurge> {
    const moduleId = freshId(name.toUpperCase());
    await truth.createModule({ moduleId, capacity, feeCents: 2500 });
    const ids = await ensureStudents(freshId(name), students);
    const tokens = await mapWithLimit(ids, 16, (studentId) => api.signIn(studentId));
    await moduleVisible(reader, moduleId);
    return new FaultSurge(
      moduleId,
      capacity,
      api,
      ids.map((studentId, i) => ({ studentId, token: tokens[i] as string })),
    );
  }

  get size(): number {
    return this.students.length;
  }

  /** Sends every student's POST at the given rate; resolves once each one has its answer. */
  async run({
    ratePerSecond,
    giveUpAfterMs = 180_000,
  }: Pick<SurgeSettings, 'ratePerSecond' | 'giveUpAfterMs'>) {
    const outcome: SurgeOutcome = { accepted: [], refused: [], retried: 0 };
    const startedAt = Date.now();
    await Promise.all(
      this.students.map(async ({ studentId, token }, index) => {
        await sleep(Math.max(0, startedAt + (index * 1000) / ratePerSecond - Date.now()));
        const key = randomUUID();
        const giveUpAt = Date.now() + giveUpAfterMs;
        for (;;) {
          const answer = await this.api.register(token, this.moduleId, key).catch(() => undefined);
          if (answer?.status === 202) {
            const { registrationId } = answer.body;
            outcome.accepted.push({ studentId, token, registrationId, acceptedAt: Date.now() });
            return;
          }
          const worthRetrying = answer === undefined || answer.status === 503 || answer.status === 429;
          if (!worthRetrying || Date.now() > giveUpAt) {
            outcome.refused.push({ studentId, status: answer?.status ?? 0, body: answer?.body });
            return;
          }
          outcome.retried += 1;
          await sleep(retryDelayMs(answer?.headers.get('retry-after')));
        }
      }),
    );
    return outcome;
  }
}

function retryDelayMs(retryAfter: string | null | undefined): number {
  const seconds = Number(retryAfter);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 500;
}
