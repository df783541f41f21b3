import type { Message, MessageOf } from '@platform/contracts';
import { command, type SagaDefinition, type SagaState, type SagaTransition } from '../saga/saga.definition';
import { createSagaEngine } from '../saga/saga.engine';

/** Fed by the deadline poller when an instance's deadline has passed. */
export interface DeadlineElapsed {
  readonly type: 'DeadlineElapsed';
  readonly data: { readonly registrationId: string };
}

export type RegistrationSagaInput =
  | Message<
      | 'RegistrationRequested'
      | 'SeatReserved'
      | 'SeatRejected'
      | 'SeatReleased'
      | 'PaymentConfirmed'
      | 'PaymentFailed'
      | 'PaymentRefunded'
    >
  | DeadlineElapsed;

export type CancellationReason = MessageOf<'CancelRegistration'>['reason'];

export interface RegistrationSagaData {
  readonly registrationId: string;
  readonly studentId: string;
  readonly moduleId: string;
  readonly fee: MessageOf<'RegistrationRequested'>['fee'];
  /** Known once the payment was confirmed, in time or late. */
  readonly payment?: { readonly paymentId: string; readonly amount: MessageOf<'PaymentConfirmed'>['amount'] };
}

export interface RegistrationSagaSettings {
  seatDeadlineMs: number;
  paymentDeadlineMs: number;
  compensationDeadlineMs: number;
  compensationMaxAttempts: number;
}

export type RegistrationSagaState = SagaState<RegistrationSagaData, CancellationReason>;
export type RegistrationSagaTransition = SagaTransition<RegistrationSagaData, CancellationReason>;

function releaseReason(reason: CancellationReason): MessageOf<'ReleaseSeat'>['reason'] {
  if (reason === 'NO_SEAT') throw new Error('a rejected reservation holds no seat to release');
  return reason;
}

function paymentOf(data: RegistrationSagaData): NonNullable<RegistrationSagaData['payment']> {
  if (!data.payment) throw new Error(`registration ${data.registrationId} has no confirmed payment`);
  return data.payment;
}

/**
 * The registration saga: reserve a seat, then take the fee; confirm both, or undo what was done
 * and cancel the registration with the reason. Each step's deadline comes from the settings;
 * a missed one cancels with TIMEOUT.
 */
export const registrationSaga: SagaDefinition<
  RegistrationSagaData,
  RegistrationSagaInput,
  CancellationReason,
  RegistrationSagaSettings
> = {
  name: 'registration',
  start: {
    on: 'RegistrationRequested',
    data: (input) => {
      const { registrationId, studentId, moduleId, fee } = (input as Message<'RegistrationRequested'>).data;
      return { registrationId, studentId, moduleId, fee };
    },
  },
  steps: [
    {
      name: 'reserveSeat',
      status: 'RESERVING_SEAT',
      deadlineMs: (settings) => settings.seatDeadlineMs,
      invoke: ({ moduleId, registrationId, studentId }) => [
        command('ReserveSeat', { moduleId, registrationId, studentId }),
      ],
      success: { on: 'SeatReserved' },
      failures: { SeatRejected: 'NO_SEAT' },
      // Reserved (or maybe, when the reply is late), so release it if a later step fails. Seat
      // inventory answers every ReleaseSeat and remembers one that overtook its reservation.
      compensation: {
        status: 'RELEASING_SEAT',
        blind: true,
        command: ({ moduleId, registrationId }, reason) =>
          command('ReleaseSeat', { moduleId, registrationId, reason: releaseReason(reason) }),
        completedBy: 'SeatReleased',
      },
    },
    {
      name: 'chargePayment',
      status: 'CHARGING_PAYMENT',
      deadlineMs: (settings) => settings.paymentDeadlineMs,
      invoke: ({ registrationId, studentId, fee }) => [
        command('ChargePayment', { registrationId, studentId, amount: fee }),
      ],
      success: {
        on: 'PaymentConfirmed',
        record: (data, input) => {
          const { paymentId, amount } = (input as Message<'PaymentConfirmed'>).data;
          return { ...data, payment: { paymentId, amount } };
        },
      },
      failures: { PaymentFailed: 'PAYMENT_FAILED' },
      // A refund needs the payment id, so money taken after the saga gave up is refunded when
      // its confirmation arrives, whatever state the saga is in by then.
      compensation: {
        status: 'REFUNDING_PAYMENT',
        blind: false,
        command: (data) => {
          const { paymentId, amount } = paymentOf(data);
          return command('RefundPayment', { registrationId: data.registrationId, paymentId, amount });
        },
        completedBy: 'PaymentRefunded',
      },
    },
  ],
  complete: (data) => [
    command('ConfirmSeat', { moduleId: data.moduleId, registrationId: data.registrationId }),
    command('CompleteRegistration', {
      registrationId: data.registrationId,
      paymentId: paymentOf(data).paymentId,
    }),
  ],
  cancel: ({ registrationId }, reason) => [command('CancelRegistration', { registrationId, reason })],
  timeoutReason: 'TIMEOUT',
  deadlineInput: 'DeadlineElapsed',
};

/** `(state | undefined, input, now, settings) -> { state, commands, deadline }`, pure. */
export const advanceRegistrationSaga = createSagaEngine(registrationSaga);
