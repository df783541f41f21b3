import type { MessageOf } from '@platform/contracts';

export type RegistrationStatus = 'PENDING' | 'COMPLETED' | 'CANCELLED';
export type CancellationReason = MessageOf<'CancelRegistration'>['reason'];
export type Money = MessageOf<'RegistrationRequested'>['fee'];

/** The registration as its events say it is, after `version` events. */
export interface RegistrationState {
  registrationId: string;
  studentId: string;
  moduleId: string;
  fee: Money;
  status: RegistrationStatus;
  reason?: CancellationReason;
  requestedAt: string;
  version: number;
}

export type RegistrationEvent =
  | { type: 'RegistrationRequested'; data: MessageOf<'RegistrationRequested'> }
  | { type: 'RegistrationCompleted'; data: MessageOf<'RegistrationCompleted'> }
  | { type: 'RegistrationCancelled'; data: MessageOf<'RegistrationCancelled'> };

export type StoredRegistrationEvent = RegistrationEvent & { version: number };

export type RegistrationCommand =
  | {
      kind: 'request';
      registrationId: string;
      studentId: string;
      moduleId: string;
      fee: Money;
      at: string;
    }
  | { kind: 'complete'; at: string }
  | { kind: 'cancel'; reason: CancellationReason; at: string };

export type Decision =
  | { kind: 'changed'; events: RegistrationEvent[] }
  /** The command asks for the state the registration is already in: nothing to do. */
  | { kind: 'unchanged' }
  /** The command contradicts the state (cancel a completed registration): refused. */
  | { kind: 'conflict'; detail: string }
  | { kind: 'not-found' };

/** Applies one event. Pure: the same state and event always give the same result. */
export function evolve(
  state: RegistrationState | undefined,
  event: StoredRegistrationEvent,
): RegistrationState {
  switch (event.type) {
    case 'RegistrationRequested':
      return {
        registrationId: event.data.registrationId,
        studentId: event.data.studentId,
        moduleId: event.data.moduleId,
        fee: event.data.fee,
        status: 'PENDING',
        requestedAt: event.data.requestedAt,
        version: event.version,
      };
    case 'RegistrationCompleted':
      return { ...existing(state, event), status: 'COMPLETED', version: event.version };
    case 'RegistrationCancelled':
      return {
        ...existing(state, event),
        status: 'CANCELLED',
        reason: event.data.reason,
        version: event.version,
      };
  }
}

/** Folds events (in version order) onto a snapshot, or onto nothing. */
export function fold(
  from: RegistrationState | undefined,
  events: readonly StoredRegistrationEvent[],
): RegistrationState | undefined {
  return events.reduce<RegistrationState | undefined>(evolve, from);
}

/** What a command causes, given the current state. Pure; the caller appends the events. */
export function decide(state: RegistrationState | undefined, command: RegistrationCommand): Decision {
  if (command.kind === 'request') {
    if (state) return { kind: 'conflict', detail: `registration ${state.registrationId} exists` };
    const { kind: _kind, at, ...data } = command;
    return {
      kind: 'changed',
      events: [{ type: 'RegistrationRequested', data: { ...data, requestedAt: at } }],
    };
  }
  if (!state) return { kind: 'not-found' };
  const { registrationId, studentId, moduleId } = state;

  if (command.kind === 'complete') {
    if (state.status === 'COMPLETED') return { kind: 'unchanged' };
    if (state.status === 'CANCELLED') {
      return { kind: 'conflict', detail: `cannot complete registration ${registrationId}: it is cancelled` };
    }
    return {
      kind: 'changed',
      events: [
        {
          type: 'RegistrationCompleted',
          data: { registrationId, studentId, moduleId, completedAt: command.at },
        },
      ],
    };
  }

  if (state.status === 'CANCELLED') return { kind: 'unchanged' };
  if (state.status === 'COMPLETED') {
    return { kind: 'conflict', detail: `cannot cancel registration ${registrationId}: it is completed` };
  }
  return {
    kind: 'changed',
    events: [
      {
        type: 'RegistrationCancelled',
        data: { registrationId, studentId, moduleId, reason: command.reason, cancelledAt: command.at },
      },
    ],
  };
}

function existing(state: RegistrationState | undefined, event: StoredRegistrationEvent): RegistrationState {
  if (!state)
    throw new Error(`${event.type} at version ${event.version} has no RegistrationRequested before it`);
  return state;
}
