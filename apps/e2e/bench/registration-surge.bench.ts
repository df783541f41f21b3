import { randomUUID } from 'node:crypto';
import { createKafkaClient, decodeMessage } from '@platform/messaging';
import { loadStackConfig } from '@platform/stack';
import { Pool } from 'pg';
import { mapWithLimit } from '../src/support/concurrency';
import { e2eServices } from '../src/support/e2e-platform';
import { PlatformTruth } from '../src/support/platform-truth';
import { connectReadModels } from '../src/support/read-model-client';
import { RegistrationApi } from '../src/support/registration-api';
import { ensureStudents } from '../src/support/students';

// npm run bench:registrations [registrations] [modules] [concurrency] [rate per second, 0 = no limit]
// Pushes registrations through the running platform (./platform start) and prints throughput,
// latency from "POST accepted" to "COMPLETED visible in the read model" (the projector's
// RegistrationStatusChanged on realtime.updates, published right after its Redis write), and how
// that time splits across the hops, from the services' own timestamps (one machine, one clock).
const [registrations = 2000, moduleCount = 200, concurrency = 64, ratePerSecond = 0] = process.argv
  .slice(2)
  .map(Number);
const PER_STUDENT = 5;

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
};
const describe = (values: number[]) =>
  `p50 ${quantile(values, 0.5).toFixed(0)} ms, p95 ${quantile(values, 0.95).toFixed(0)} ms, p99 ${quantile(values, 0.99).toFixed(0)} ms, max ${Math.max(...values).toFixed(0)} ms`;

async function main(): Promise<void> {
  const config = loadStackConfig();
  const services = e2eServices();
  for (const state of await services.status()) {
    if (state.state !== 'ready')
      throw new Error(`${state.app} is ${state.state}: run ./platform start first`);
  }
  const api = new RegistrationApi(services.get('registration-service').url);
  const truth = new PlatformTruth();
  const { reader, redis } = connectReadModels();
  const run = randomUUID().slice(0, 6);
  const seatsPerModule = Math.ceil(registrations / moduleCount);

  console.log(
    `bench: ${registrations} registrations over ${moduleCount} modules, ${concurrency} in flight (run ${run})`,
  );
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
  const outcomes = new Map<string, number>();
  for (const entry of visibleAt.values()) {
    const outcome = entry.reason ? `${entry.status}(${entry.reason})` : entry.status;
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  }
  const ended = [...outcomes].map(([outcome, n]) => `${outcome} ${n}`).join(', ');
  console.log(`accepted ${accepted.size}/${registrations}; ended ${visibleAt.size}: ${ended}`);
  console.log(
    `POSTs: ${(registrations / ((postsDone - started) / 1000)).toFixed(0)}/s; POST latency ${describe(postLatency)}`,
  );
  console.log(
    `throughput, first POST to last visible: ${(visibleAt.size / ((finished - started) / 1000)).toFixed(0)} registrations/s`,
  );
  console.log(`POST accepted -> final status visible in the read model: ${describe(endToEnd)}`);
  await printHops(config, [...accepted.keys()], accepted, visibleAt);

  await truth.close();
  redis.disconnect();
}

/** Medians per hop, from the timestamps the services wrote. */
async function printHops(
  config: ReturnType<typeof loadStackConfig>,
  ids: string[],
  accepted: Map<string, number>,
  visibleAt: Map<string, { at: number }>,
): Promise<void> {
  const pool = (database: string) => {
    const spec = config.databases.find((candidate) => candidate.name === database)!;
    return new Pool({
      host: config.endpoints.postgres.host,
      port: config.endpoints.postgres.port,
      user: spec.owner,
      password: spec.password,
      database,
    });
  };
  const saga = pool('saga');
  const registration = pool('registration');
  const steps = await saga.query<{ id: string; type: string; at: Date }>(
    `SELECT registration_id AS id, input->>'type' AS type, at FROM saga_history WHERE registration_id = ANY($1)`,
    [ids],
  );
  const completions = await registration.query<{ id: string; at: Date }>(
    `SELECT stream_id AS id, created_at AS at FROM registration_events WHERE type = 'RegistrationCompleted' AND stream_id = ANY($1)`,
    [ids],
  );
  await Promise.all([saga.end(), registration.end()]);
  const at = new Map<string, Record<string, number>>();
  const mark = (id: string, name: string, time: number) => at.set(id, { ...at.get(id), [name]: time });
  for (const row of steps.rows) mark(row.id, row.type, row.at.getTime());
  for (const row of completions.rows) mark(row.id, 'RegistrationCompleted', row.at.getTime());
  for (const [id, time] of accepted) mark(id, 'accepted', time);
  for (const [id, seen] of visibleAt) mark(id, 'visible', seen.at);

  const hops: [string, string, string][] = [
    ['accepted', 'RegistrationRequested', 'registration outbox -> Debezium -> Kafka -> saga'],
    ['RegistrationRequested', 'SeatReserved', 'ReserveSeat -> seat-inventory -> SeatReserved -> saga'],
    ['SeatReserved', 'PaymentConfirmed', 'ChargePayment -> payment (provider) -> PaymentConfirmed -> saga'],
    ['PaymentConfirmed', 'RegistrationCompleted', 'CompleteRegistration -> registration-service'],
    ['RegistrationCompleted', 'visible', 'status row -> CDC -> projector -> Redis -> realtime.updates'],
  ];
  console.log('where the time goes (completed registrations):');
  for (const [from, to, label] of hops) {
    const durations = [...at.values()].flatMap((marks) =>
      marks[from] !== undefined && marks[to] !== undefined ? [marks[to]! - marks[from]!] : [],
    );
    if (durations.length > 0) console.log(`  ${label.padEnd(66)} ${describe(durations)}`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
