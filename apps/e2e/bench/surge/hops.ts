import type { StackConfig } from '@platform/stack';
import { Pool } from 'pg';
import { describeLatency } from './latency';

const HOPS: [from: string, to: string, label: string][] = [
  ['accepted', 'RegistrationRequested', 'registration outbox -> Debezium -> Kafka -> saga'],
  ['RegistrationRequested', 'SeatReserved', 'ReserveSeat -> seat-inventory -> SeatReserved -> saga'],
  ['SeatReserved', 'PaymentConfirmed', 'ChargePayment -> payment (provider) -> PaymentConfirmed -> saga'],
  ['PaymentConfirmed', 'RegistrationCompleted', 'CompleteRegistration -> registration-service'],
  ['RegistrationCompleted', 'visible', 'status row -> CDC -> projector -> Redis -> realtime.updates'],
];

/** Per hop of the saga, the time completed registrations spent, from the timestamps the services wrote. */
export async function hopLatencies(
  config: StackConfig,
  accepted: Map<string, number>,
  visibleAt: Map<string, { at: number }>,
): Promise<{ label: string; latency: string }[]> {
  const ids = [...accepted.keys()];
  const pool = (database: string) => {
    const spec = config.databases.find((candidate) => candidate.name === database)!;
    const { host, port } = config.endpoints.postgres;
    return new Pool({ host, port, user: spec.owner, password: spec.password, database: spec.database });
  };
  const saga = pool('saga');
  const registration = pool('registration');
  const [steps, completions] = await Promise.all([
    saga.query<{ id: string; type: string; at: Date }>(
      `SELECT registration_id AS id, input->>'type' AS type, at FROM saga_history WHERE registration_id = ANY($1)`,
      [ids],
    ),
    registration.query<{ id: string; at: Date }>(
      `SELECT stream_id AS id, created_at AS at FROM registration_events
        WHERE type = 'RegistrationCompleted' AND stream_id = ANY($1)`,
      [ids],
    ),
  ]);
  await Promise.all([saga.end(), registration.end()]);
  const at = new Map<string, Record<string, number>>();
  const mark = (id: string, name: string, time: number) => at.set(id, { ...at.get(id), [name]: time });
  for (const row of steps.rows) mark(row.id, row.type, row.at.getTime());
  for (const row of completions.rows) mark(row.id, 'RegistrationCompleted', row.at.getTime());
  for (const [id, time] of accepted) mark(id, 'accepted', time);
  for (const [id, seen] of visibleAt) mark(id, 'visible', seen.at);
  return HOPS.flatMap(([from, to, label]) => {
    const durations = [...at.values()].flatMap((marks) =>
      marks[from] !== undefined && marks[to] !== undefined ? [marks[to]! - marks[from]!] : [],
    );
    return durations.length > 0 ? [{ label, latency: describeLatency(durations) }] : [];
  });
}
