import { loadStackConfig } from '@platform/stack';
import { Pool } from 'pg';
import { e2eServices } from '../src/support/e2e-platform';
import { describeLatency as describe } from './surge/latency';
import { runRegistrationSurge } from './surge/registration-surge';

// npm run bench:registrations [registrations] [modules] [concurrency] [rate per second, 0 = no limit]
// Pushes registrations through the running platform (./platform start) and prints throughput,
// latency from "POST accepted" to "COMPLETED visible in the read model" (the projector's
// RegistrationStatusChanged on realtime.updates, published right after its Redis write), and how
// that time splits across the hops, from the services' own timestamps (one machine, one clock).
const [registrations = 2000, moduleCount = 200, concurrency = 64, ratePerSecond = 0] = process.argv
  .slice(2)
  .map(Number);

async function main(): Promise<void> {
  const config = loadStackConfig();
  const services = e2eServices();
  for (const state of await services.status()) {
    if (state.state !== 'ready')
      throw new Error(`${state.app} is ${state.state}: run ./platform start first`);
  }
  console.log(`bench: ${registrations} registrations over ${moduleCount} modules, ${concurrency} in flight`);
  const result = await runRegistrationSurge(config, services.get('registration-service').url, {
    registrations,
    modules: moduleCount,
    concurrency,
    ratePerSecond,
  });
  const { accepted, visibleAt, postLatency, endToEnd, started, postsDone, finished } = result;
  const outcomes = new Map<string, number>();
  for (const entry of visibleAt.values()) {
    const outcome = entry.reason ? `${entry.status}(${entry.reason})` : entry.status;
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  }
  const ended = [...outcomes].map(([outcome, n]) => `${outcome} ${n}`).join(', ');
  console.log(
    `run ${result.run}: accepted ${accepted.size}/${registrations}; ended ${visibleAt.size}: ${ended}`,
  );
  console.log(
    `POSTs: ${(registrations / ((postsDone - started) / 1000)).toFixed(0)}/s; POST latency ${describe(postLatency)}`,
  );
  console.log(
    `throughput, first POST to last visible: ${(visibleAt.size / ((finished - started) / 1000)).toFixed(0)} registrations/s`,
  );
  console.log(`POST accepted -> final status visible in the read model: ${describe(endToEnd)}`);
  await printHops(config, [...accepted.keys()], accepted, visibleAt);
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
