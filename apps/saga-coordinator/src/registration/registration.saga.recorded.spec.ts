import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SagaCommand } from '../saga/saga.definition';
import {
  advanceRegistrationSaga,
  type RegistrationSagaInput,
  type RegistrationSagaSettings,
  type RegistrationSagaState,
} from './registration.saga';

// Recorded histories: input sequences and the commands the engine answered them with, checked
// in as JSON. Replaying them must give the same commands, statuses and deadlines, so a change of
// the engine or the definition that alters behaviour fails here and is re-recorded on purpose:
//   RECORD_SAGA_HISTORIES=1 jest … registration.saga.recorded

interface RecordedStep {
  at: string;
  input: RegistrationSagaInput;
  commands: SagaCommand[];
  status: string;
  deadline: string | null;
}

interface RecordedHistory {
  description: string;
  settings: RegistrationSagaSettings;
  steps: RecordedStep[];
}

const directory = join(__dirname, 'recorded-histories');
const settings: RegistrationSagaSettings = {
  seatDeadlineMs: 10_000,
  paymentDeadlineMs: 15_000,
  compensationDeadlineMs: 10_000,
  compensationMaxAttempts: 3,
};
const start = Date.UTC(2026, 10, 25, 9, 0, 0);
const time = (ms: number) => new Date(start + ms).toISOString();
const registrationId = 'reg-7f3a';
const fee = { amountCents: 30_000, currency: 'EUR' };

const inputs = {
  requested: (ms: number): RegistrationSagaInput => ({
    type: 'RegistrationRequested',
    data: { registrationId, studentId: 'stu-42', moduleId: 'CS201', fee, requestedAt: time(ms) },
  }),
  seatReserved: (ms: number): RegistrationSagaInput => ({
    type: 'SeatReserved',
    data: { registrationId, moduleId: 'CS201', studentId: 'stu-42', reservedAt: time(ms) },
  }),
  seatRejected: (ms: number): RegistrationSagaInput => ({
    type: 'SeatRejected',
    data: { registrationId, moduleId: 'CS201', reason: 'NO_SEAT_LEFT', rejectedAt: time(ms) },
  }),
  seatReleased: (ms: number): RegistrationSagaInput => ({
    type: 'SeatReleased',
    data: { registrationId, moduleId: 'CS201', releasedAt: time(ms) },
  }),
  paymentConfirmed: (ms: number): RegistrationSagaInput => ({
    type: 'PaymentConfirmed',
    data: { registrationId, paymentId: 'pay-9c1d', amount: fee, confirmedAt: time(ms) },
  }),
  paymentFailed: (ms: number): RegistrationSagaInput => ({
    type: 'PaymentFailed',
    data: { registrationId, reason: { code: 'DECLINED', message: 'card declined' }, failedAt: time(ms) },
  }),
  paymentRefunded: (ms: number): RegistrationSagaInput => ({
    type: 'PaymentRefunded',
    data: { registrationId, paymentId: 'pay-9c1d', amount: fee, refundedAt: time(ms) },
  }),
  deadline: (): RegistrationSagaInput => ({ type: 'DeadlineElapsed', data: { registrationId } }),
};

type Scenario = [ms: number, input: (ms: number) => RegistrationSagaInput][];

/** The scenarios the histories were recorded from; only used when re-recording. */
const scenarios: Record<string, { description: string; inputs: Scenario }> = {
  completed: {
    description: 'Seat reserved, payment confirmed (with a duplicate): seat and registration confirmed.',
    inputs: [
      [0, inputs.requested],
      [120, inputs.seatReserved],
      [900, inputs.paymentConfirmed],
      [950, inputs.paymentConfirmed],
    ],
  },
  'cancelled-no-seat': {
    description: 'Seat rejected: nothing to compensate; a late SeatReserved changes nothing.',
    inputs: [
      [0, inputs.requested],
      [80, inputs.seatRejected],
      [200, inputs.seatReserved],
    ],
  },
  'cancelled-payment-failed': {
    description: 'Payment declined: the seat is released, then the registration cancelled.',
    inputs: [
      [0, inputs.requested],
      [100, inputs.seatReserved],
      [2_000, inputs.paymentFailed],
      [2_150, inputs.seatReleased],
    ],
  },
  'payment-timeout-late-refund': {
    description:
      'No payment reply in time: release, cancel with TIMEOUT, and refund the payment that succeeds late.',
    inputs: [
      [0, inputs.requested],
      [100, inputs.seatReserved],
      [15_100, inputs.deadline],
      [15_300, inputs.seatReleased],
      [18_000, inputs.paymentConfirmed],
      [18_400, inputs.paymentRefunded],
    ],
  },
  'release-exhausted': {
    description:
      'Seat deadline missed and no SeatReleased for every attempt: COMPENSATION_FAILED, still cancelled.',
    inputs: [
      [0, inputs.requested],
      [10_000, inputs.deadline],
      [20_000, inputs.deadline],
      [30_000, inputs.deadline],
      [40_000, inputs.deadline],
      [41_000, inputs.seatReleased],
    ],
  },
};

function replay(
  history: Pick<RecordedHistory, 'settings'>,
  steps: { at: string; input: RegistrationSagaInput }[],
) {
  let state: RegistrationSagaState | undefined;
  return steps.map(({ at, input }): RecordedStep => {
    const result = advanceRegistrationSaga(state, input, new Date(at), history.settings);
    state = result.state;
    return {
      at,
      input,
      commands: [...result.commands],
      status: state?.status ?? 'NONE',
      deadline: result.deadline?.toISOString() ?? null,
    };
  });
}

if (process.env.RECORD_SAGA_HISTORIES) {
  for (const [name, scenario] of Object.entries(scenarios)) {
    const steps = replay(
      { settings },
      scenario.inputs.map(([ms, input]) => ({ at: time(ms), input: input(ms) })),
    );
    const history: RecordedHistory = { description: scenario.description, settings, steps };
    writeFileSync(join(directory, `${name}.json`), `${JSON.stringify(history, null, 2)}\n`);
  }
}

const recorded = readdirSync(directory)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => [file, JSON.parse(readFileSync(join(directory, file), 'utf8')) as RecordedHistory] as const);

describe('recorded registration saga histories', () => {
  it('has a recorded history for every scenario', () => {
    expect(recorded.map(([file]) => file.replace(/\.json$/, ''))).toEqual(Object.keys(scenarios).sort());
  });

  it.each(recorded)('%s replays to the recorded commands', (_, history) => {
    expect(replay(history, history.steps)).toEqual(history.steps);
  });
});
