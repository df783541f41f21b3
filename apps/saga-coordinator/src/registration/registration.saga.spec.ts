import type { SagaCommand } from '../saga/saga.definition';
import {
  advanceRegistrationSaga,
  type RegistrationSagaInput,
  type RegistrationSagaSettings,
  type RegistrationSagaState,
} from './registration.saga';

const settings: RegistrationSagaSettings = {
  seatDeadlineMs: 10_000,
  paymentDeadlineMs: 15_000,
  compensationDeadlineMs: 10_000,
  compensationMaxAttempts: 3,
};
const fee = { amountCents: 25_000, currency: 'EUR' };
const registrationId = 'reg-1';
const at = (ms: number) => new Date(Date.UTC(2026, 10, 25, 12, 0, 0) + ms);
const stamp = at(0).toISOString();

const input = {
  requested: (): RegistrationSagaInput => ({
    type: 'RegistrationRequested',
    data: { registrationId, studentId: 'stu-1', moduleId: 'CS101', fee, requestedAt: stamp },
  }),
  seatReserved: (): RegistrationSagaInput => ({
    type: 'SeatReserved',
    data: { registrationId, moduleId: 'CS101', studentId: 'stu-1', reservedAt: stamp },
  }),
  seatRejected: (): RegistrationSagaInput => ({
    type: 'SeatRejected',
    data: { registrationId, moduleId: 'CS101', reason: 'NO_SEAT_LEFT', rejectedAt: stamp },
  }),
  seatReleased: (): RegistrationSagaInput => ({
    type: 'SeatReleased',
    data: { registrationId, moduleId: 'CS101', releasedAt: stamp },
  }),
  paymentConfirmed: (): RegistrationSagaInput => ({
    type: 'PaymentConfirmed',
    data: { registrationId, paymentId: 'pay-1', amount: fee, confirmedAt: stamp },
  }),
  paymentFailed: (): RegistrationSagaInput => ({
    type: 'PaymentFailed',
    data: { registrationId, reason: { code: 'DECLINED', message: 'card declined' }, failedAt: stamp },
  }),
  paymentRefunded: (): RegistrationSagaInput => ({
    type: 'PaymentRefunded',
    data: { registrationId, paymentId: 'pay-1', amount: fee, refundedAt: stamp },
  }),
  deadline: (): RegistrationSagaInput => ({ type: 'DeadlineElapsed', data: { registrationId } }),
};

/** Feeds inputs at the given times, keeping every step's commands. */
function run(steps: [number, RegistrationSagaInput][], from?: RegistrationSagaState) {
  let state = from;
  const commands: SagaCommand[][] = [];
  let deadline: Date | null = null;
  for (const [ms, next] of steps) {
    const result = advanceRegistrationSaga(state, next, at(ms), settings);
    state = result.state;
    deadline = result.deadline;
    commands.push([...result.commands]);
  }
  return { state: state!, commands, deadline, all: commands.flat() };
}

const types = (commands: readonly SagaCommand[]) => commands.map((c) => c.type);
const release = (reason: 'PAYMENT_FAILED' | 'TIMEOUT') => ({
  type: 'ReleaseSeat',
  data: { moduleId: 'CS101', registrationId, reason },
});
const cancel = (reason: 'NO_SEAT' | 'PAYMENT_FAILED' | 'TIMEOUT') => ({
  type: 'CancelRegistration',
  data: { registrationId, reason },
});
const refund = { type: 'RefundPayment', data: { registrationId, paymentId: 'pay-1', amount: fee } };

describe('registration saga', () => {
  it('reserves a seat with the seat deadline when a registration is requested', () => {
    const result = advanceRegistrationSaga(undefined, input.requested(), at(0), settings);
    expect(result.state?.status).toBe('RESERVING_SEAT');
    expect(result.commands).toEqual([
      { type: 'ReserveSeat', data: { moduleId: 'CS101', registrationId, studentId: 'stu-1' } },
    ]);
    expect(result.deadline).toEqual(at(10_000));
  });

  it('completes: charges the fee once the seat is held, then confirms the seat and the registration', () => {
    const { state, commands, deadline } = run([
      [0, input.requested()],
      [100, input.seatReserved()],
      [200, input.paymentConfirmed()],
    ]);
    expect(commands[1]).toEqual([
      { type: 'ChargePayment', data: { registrationId, studentId: 'stu-1', amount: fee } },
    ]);
    expect(commands[2]).toEqual([
      { type: 'ConfirmSeat', data: { moduleId: 'CS101', registrationId } },
      { type: 'CompleteRegistration', data: { registrationId, paymentId: 'pay-1' } },
    ]);
    expect(state.status).toBe('COMPLETED');
    expect(deadline).toBeNull();
  });

  it('sets the payment deadline when it charges', () => {
    const { state, deadline } = run([
      [0, input.requested()],
      [100, input.seatReserved()],
    ]);
    expect(state.status).toBe('CHARGING_PAYMENT');
    expect(deadline).toEqual(at(15_100));
  });

  describe('compensates exactly the steps before the one that failed', () => {
    it('seat rejected: nothing to compensate, cancels with NO_SEAT', () => {
      const { state, commands } = run([
        [0, input.requested()],
        [100, input.seatRejected()],
      ]);
      expect(commands[1]).toEqual([cancel('NO_SEAT')]);
      expect(state.status).toBe('CANCELLED');
      expect(state.cancellation?.reason).toBe('NO_SEAT');
    });

    it('payment failed: releases the seat, then cancels with PAYMENT_FAILED', () => {
      const { state, commands, deadline } = run([
        [0, input.requested()],
        [100, input.seatReserved()],
        [200, input.paymentFailed()],
      ]);
      expect(commands[2]).toEqual([release('PAYMENT_FAILED')]);
      expect(state.status).toBe('RELEASING_SEAT');
      expect(deadline).toEqual(at(10_200));

      const released = run([[300, input.seatReleased()]], state);
      expect(released.commands[0]).toEqual([cancel('PAYMENT_FAILED')]);
      expect(released.state.status).toBe('CANCELLED');
      expect(released.deadline).toBeNull();
    });

    it('seat timeout: releases the seat it may hold, then cancels with TIMEOUT', () => {
      const { state, commands } = run([
        [0, input.requested()],
        [10_000, input.deadline()],
        [10_100, input.seatReleased()],
      ]);
      expect(commands[1]).toEqual([release('TIMEOUT')]);
      expect(commands[2]).toEqual([cancel('TIMEOUT')]);
      expect(state.status).toBe('CANCELLED');
    });

    it('payment timeout: releases the seat, cancels, and refunds a payment that succeeds later', () => {
      const { state, commands } = run([
        [0, input.requested()],
        [100, input.seatReserved()],
        [15_100, input.deadline()],
        [15_200, input.seatReleased()],
      ]);
      expect(commands[2]).toEqual([release('TIMEOUT')]);
      expect(commands[3]).toEqual([cancel('TIMEOUT')]);
      expect(state.status).toBe('CANCELLED');

      const late = run(
        [
          [16_000, input.paymentConfirmed()],
          [17_000, input.paymentRefunded()],
        ],
        state,
      );
      expect(late.commands).toEqual([[refund], []]);
      expect(late.state.status).toBe('CANCELLED');
      expect(late.state.late).toEqual([{ step: 'chargePayment', status: 'DONE', attempt: 1 }]);
      expect(late.deadline).toBeNull();
    });

    it('a payment confirmed while the seat is being released is refunded, and the cancel still follows', () => {
      const { state, commands, deadline } = run([
        [0, input.requested()],
        [100, input.seatReserved()],
        [15_100, input.deadline()],
        [15_500, input.paymentConfirmed()],
      ]);
      expect(commands[3]).toEqual([refund]);
      expect(state.status).toBe('RELEASING_SEAT');
      expect(deadline).toEqual(at(25_100));

      const released = run([[15_600, input.seatReleased()]], state);
      expect(released.commands).toEqual([[cancel('TIMEOUT')]]);
      expect(released.deadline).toEqual(at(25_500));
    });

    it('release timeout: sends ReleaseSeat again, then gives up as COMPENSATION_FAILED and still cancels', () => {
      const { state, commands, deadline } = run([
        [0, input.requested()],
        [100, input.seatReserved()],
        [200, input.paymentFailed()],
        [10_200, input.deadline()],
        [20_200, input.deadline()],
      ]);
      expect(types(commands.slice(2).flat())).toEqual(['ReleaseSeat', 'ReleaseSeat', 'ReleaseSeat']);
      expect(state.cancellation?.attempt).toBe(3);
      expect(deadline).toEqual(at(30_200));

      const exhausted = run([[30_200, input.deadline()]], state);
      expect(exhausted.commands).toEqual([[cancel('PAYMENT_FAILED')]]);
      expect(exhausted.state.status).toBe('COMPENSATION_FAILED');
      expect(exhausted.state.failures).toEqual([
        { step: 'reserveSeat', attempts: 3, at: at(30_200).toISOString() },
      ]);
      expect(exhausted.deadline).toBeNull();
    });

    it('refund timeout: retries the refund, then records COMPENSATION_FAILED; the registration stays cancelled', () => {
      const { state, commands } = run([
        [0, input.requested()],
        [100, input.seatReserved()],
        [200, input.paymentFailed()],
        [300, input.seatReleased()],
        [400, input.paymentConfirmed()],
        [10_400, input.deadline()],
        [20_400, input.deadline()],
        [30_400, input.deadline()],
      ]);
      expect(commands.slice(4)).toEqual([[refund], [refund], [refund], []]);
      expect(state.status).toBe('COMPENSATION_FAILED');
      expect(state.cancellation?.reason).toBe('PAYMENT_FAILED');
      expect(state.failures).toEqual([{ step: 'chargePayment', attempts: 3, at: at(30_400).toISOString() }]);
      expect(types(commands.flat()).filter((type) => type === 'CancelRegistration')).toHaveLength(1);
    });

    it('refunds a payment confirmed after compensation failed', () => {
      const { commands } = run([
        [0, input.requested()],
        [10_000, input.deadline()],
        [20_000, input.deadline()],
        [30_000, input.deadline()],
        [40_000, input.deadline()],
        [40_100, input.paymentConfirmed()],
      ]);
      expect(commands[4]).toEqual([cancel('TIMEOUT')]);
      expect(commands[5]).toEqual([refund]);
    });
  });

  describe('is idempotent by state', () => {
    const histories: [string, [number, RegistrationSagaInput][]][] = [
      ['requested', [[0, input.requested()]]],
      [
        'charging',
        [
          [0, input.requested()],
          [1, input.seatReserved()],
        ],
      ],
      [
        'completed',
        [
          [0, input.requested()],
          [1, input.seatReserved()],
          [2, input.paymentConfirmed()],
        ],
      ],
      [
        'no seat',
        [
          [0, input.requested()],
          [1, input.seatRejected()],
        ],
      ],
      [
        'releasing',
        [
          [0, input.requested()],
          [1, input.seatReserved()],
          [2, input.paymentFailed()],
        ],
      ],
      [
        'cancelled',
        [
          [0, input.requested()],
          [1, input.seatReserved()],
          [2, input.paymentFailed()],
          [3, input.seatReleased()],
        ],
      ],
      [
        'refunding',
        [
          [0, input.requested()],
          [1, input.seatReserved()],
          [15_001, input.deadline()],
          [15_002, input.paymentConfirmed()],
        ],
      ],
    ];

    it.each(histories)(
      'a duplicate of the last input after %s sends nothing and changes nothing',
      (_, history) => {
        const { state } = run(history);
        const [ms, last] = history[history.length - 1]!;
        const again = advanceRegistrationSaga(state, last, at(ms + 1), settings);
        expect(again.commands).toEqual([]);
        expect(again.state).toEqual(state);
      },
    );

    it('a deadline that has not passed yet sends nothing', () => {
      const { state } = run([[0, input.requested()]]);
      expect(advanceRegistrationSaga(state, input.deadline(), at(9_999), settings).commands).toEqual([]);
    });

    it('ignores inputs of a registration it never started', () => {
      expect(advanceRegistrationSaga(undefined, input.seatReserved(), at(0), settings)).toEqual({
        state: undefined,
        commands: [],
        deadline: null,
      });
    });
  });

  describe('late replies after the step moved on send nothing', () => {
    it.each([
      ['SeatReserved after the seat timed out', [input.deadline(), input.seatReserved()]],
      ['SeatRejected after the seat timed out', [input.deadline(), input.seatRejected()]],
      ['SeatRejected while charging', [input.seatReserved(), input.seatRejected()]],
      [
        'PaymentFailed after the payment timed out',
        [input.seatReserved(), input.deadline(), input.paymentFailed()],
      ],
      ['PaymentConfirmed while the seat is still being reserved', [input.paymentConfirmed()]],
    ])('%s', (_, later) => {
      const steps: [number, RegistrationSagaInput][] = [
        [0, input.requested()],
        ...later.map((next, index): [number, RegistrationSagaInput] => [(index + 1) * 20_000, next]),
      ];
      const { commands } = run(steps);
      expect(commands[commands.length - 1]).toEqual([]);
    });

    it.each([
      ['COMPLETED', [input.seatReserved(), input.paymentConfirmed()]],
      ['CANCELLED', [input.seatRejected()]],
    ])('after %s, every late reply and deadline sends nothing', (_, path) => {
      const { state } = run([
        [0, input.requested()],
        ...path.map((next, i): [number, RegistrationSagaInput] => [i + 1, next]),
      ]);
      for (const late of [
        input.seatReserved(),
        input.seatRejected(),
        input.seatReleased(),
        input.paymentFailed(),
        input.paymentRefunded(),
        input.deadline(),
      ]) {
        expect(advanceRegistrationSaga(state, late, at(60_000), settings).commands).toEqual([]);
      }
    });
  });
});
