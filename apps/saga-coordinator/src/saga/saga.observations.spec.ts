import {
  advanceRegistrationSaga,
  registrationSaga,
  type RegistrationSagaInput,
  type RegistrationSagaSettings,
} from '../registration/registration.saga';
import { observeTransition } from './saga.observations';

const settings: RegistrationSagaSettings = {
  seatDeadlineMs: 10_000,
  paymentDeadlineMs: 15_000,
  compensationDeadlineMs: 10_000,
  compensationMaxAttempts: 3,
};
const t0 = Date.UTC(2026, 10, 25, 12);
const at = (ms: number) => new Date(t0 + ms);
const registrationId = 'reg-1';
const requested: RegistrationSagaInput = {
  type: 'RegistrationRequested',
  data: {
    registrationId,
    studentId: 's',
    moduleId: 'M',
    fee: { amountCents: 1, currency: 'EUR' },
    requestedAt: at(0).toISOString(),
  },
};
const seatReserved: RegistrationSagaInput = {
  type: 'SeatReserved',
  data: { registrationId, moduleId: 'M', studentId: 's', reservedAt: at(0).toISOString() },
};
const seatRejected: RegistrationSagaInput = {
  type: 'SeatRejected',
  data: { registrationId, moduleId: 'M', reason: 'NO_SEAT_LEFT', rejectedAt: at(0).toISOString() },
};
const deadline: RegistrationSagaInput = { type: 'DeadlineElapsed', data: { registrationId } };

describe(observeTransition.name, () => {
  const started = advanceRegistrationSaga(undefined, requested, at(0), settings).state!;

  it('observes nothing but the start when a saga starts', () => {
    expect(observeTransition(registrationSaga, undefined, started, at(0))).toEqual({
      compensationFailures: [],
    });
  });

  it('times a step that succeeded', () => {
    const charging = advanceRegistrationSaga(started, seatReserved, at(250), settings).state!;
    expect(observeTransition(registrationSaga, started, charging, at(250))).toEqual({
      stepLeft: { step: 'reserveSeat', result: 'succeeded', seconds: 0.25 },
      compensationFailures: [],
    });
  });

  it('reports the outcome and the failed step when the saga ends', () => {
    const cancelled = advanceRegistrationSaga(started, seatRejected, at(100), settings).state!;
    expect(observeTransition(registrationSaga, started, cancelled, at(100))).toEqual({
      outcome: { status: 'CANCELLED', reason: 'NO_SEAT' },
      stepLeft: { step: 'reserveSeat', result: 'failed', seconds: 0.1 },
      compensationFailures: [],
    });
  });

  it('tells a timeout from a failure', () => {
    const releasing = advanceRegistrationSaga(started, deadline, at(10_000), settings).state!;
    expect(observeTransition(registrationSaga, started, releasing, at(10_000)).stepLeft).toEqual({
      step: 'reserveSeat',
      result: 'timed_out',
      seconds: 10,
    });
  });
});
