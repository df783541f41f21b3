import { randomUUID } from 'node:crypto';
import { createKafkaClient, decodeMessage } from '@platform/messaging';
import type { StackConfig } from '@platform/stack';
import { mapWithLimit } from '../../src/support/concurrency';
import { PlatformTruth } from '../../src/support/platform-truth';
import { connectReadModels } from '../../src/support/read-model-client';
import { RegistrationApi } from '../../src/support/registration-api';
import { ensureStudents } from '../../src/support/students';

export interface SurgeOptions {
  registrations: number;
  modules: number;
  /** Requests in flight at most. */
  concurrency: number;
  /** POSTs a second; 0: as fast as they are accepted. */
  ratePerSecond: number;
  /** Runs once everything is set up, right before the first POST (where a measured window starts). */
  beforePosts?: () => Promise<void>;
}

export interface SurgeResult {
  run: string;
  /** registrationId -> when its 202 came back. */
  accepted: Map<string, number>;
  /** registrationId -> when its final status reached realtime.updates. */
  visibleAt: Map<string, { at: number; status: string; reason?: string }>;
  postLatency: number[];
  /** POST accepted -> final status visible, per registration, in ms. */
  endToEnd: number[];
  started: number;
  postsDone: number;
  finished: number;
}

const PER_STUDENT = 5;

/**
 * Pushes registrations through the running platform: fresh modules and students of its own,
 * POSTs at the given rate, and the moment each final status appears on realtime.updates (the
 * projector publishes it right after its Redis write).
 */
export async function runRegistrationSurge(
  config: StackConfig,
  registrationUrl: string,
  { registrations, modules: moduleCount, concurrency, ratePerSecond, beforePosts }: SurgeOptions,
): Promise<SurgeResult> {
  const api = new RegistrationApi(registrationUrl);
  const truth = new PlatformTruth();
  const { reader, redis } = connectReadModels();
  const run = randomUUID().slice(0, 6);
  const seatsPerModule = Math.ceil(registrations / moduleCount);

  const modules = Array.from(
    { length: moduleCount },
    (_, i) => `BENCH-${run}-${String(i + 1).padStart(3, '0')}`,
  );
  for (const moduleId of modules)
    await truth.createModule({ moduleId, capacity: seatsPerModule, feeCents: 1000 });
  const students = await ensureStudents(`bench-${run}`, Math.ceil(registrations / PER_STUDENT));
  const tokens = await mapWithLimit(students, 16, (studentId) => api.signIn(studentId));
  for (;;) {
    const visible = (await reader.modules()).filter((view) =>
      view.moduleId.startsWith(`BENCH-${run}-`),
    ).length;
    if (visible === moduleCount) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  // Watch realtime.updates for this run's students from now on.
  const visibleAt = new Map<string, { at: number; status: string; reason?: string }>();
  const kafka = createKafkaClient('platformatic', { brokers: config.endpoints.kafka.brokers });
  const consumer = await kafka.createConsumer({
    clientId: `bench-${run}`,
    groupId: `bench.watch-${run}`,
    topics: ['realtime.updates'],
    fromBeginning: false,
  });
  let assigned!: () => void;
  const ready = new Promise<void>((resolve) => (assigned = resolve));
  await consumer.start({
    onAssigned: () => assigned(),
    onRevoked: async () => {},
    onMessages: async (_partition, messages) => {
      for (const message of messages) {
        const decoded = decodeMessage(message);
        if (decoded.type !== 'RegistrationStatusChanged') continue;
        const data = decoded.data as {
          registrationId: string;
          studentId: string;
          status: string;
          reason?: string;
        };
        const ours = data.studentId.startsWith(`bench-${run}-`);
        if (ours && data.status !== 'PENDING' && !visibleAt.has(data.registrationId)) {
          visibleAt.set(data.registrationId, { at: Date.now(), status: data.status, reason: data.reason });
        }
      }
    },
  });
  await ready;

  const jobs = Array.from({ length: registrations }, (_, i) => ({
    token: tokens[Math.floor(i / PER_STUDENT)] as string,
    // Every module gets the same number of registrations (its capacity), each student distinct modules.
    moduleId: modules[i % moduleCount] as string,
  }));
  const accepted = new Map<string, number>();
  const postLatency: number[] = [];
  await beforePosts?.();
  const started = Date.now();
  await mapWithLimit(jobs, concurrency, async (job, index) => {
    if (ratePerSecond > 0) {
      const due = started + (index * 1000) / ratePerSecond;
      if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
    }
    const sent = Date.now();
    const response = await api.register(job.token, job.moduleId);
    const now = Date.now();
    postLatency.push(now - sent);
    if (response.status === 202) accepted.set(response.body.registrationId, now);
    else console.log(`POST ${response.status}: ${JSON.stringify(response.body)}`);
  });
  const postsDone = Date.now();
  while (visibleAt.size < accepted.size && Date.now() - postsDone < 600_000) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const finished = Math.max(...[...visibleAt.values()].map((entry) => entry.at));
  await consumer.stop();

  const endToEnd = [...accepted].flatMap(([id, at]) => {
    const seen = visibleAt.get(id);
    return seen ? [seen.at - at] : [];
  });
  await truth.close();
  redis.disconnect();
  return { run, accepted, visibleAt, postLatency, endToEnd, started, postsDone, finished };
}
