import type { ServerMessage } from '@platform/contracts';
import type { EventFrame, RegistrationView, SeatView, SnapshotFrame } from '../store/realtime-state';
import type { RealtimeUpdate } from '../store/realtime-state.reducer';

const changedAt = '2026-11-25T13:00:00.000Z';

interface At {
  readonly offset: number;
  readonly epoch?: string;
}

export function seat(moduleId: string, available: number, version?: number, title?: string): SeatView {
  return {
    moduleId,
    ...(title === undefined ? {} : { title }),
    capacity: 10,
    reserved: 0,
    confirmed: 10 - available,
    available,
    ...(version === undefined ? {} : { version }),
  };
}

export function registration(
  registrationId: string,
  status: RegistrationView['status'],
  version?: number,
  moduleId = 'CS101',
): RegistrationView {
  return { registrationId, moduleId, status, ...(version === undefined ? {} : { version }) };
}

export function moduleSnapshot(moduleId: string, at: At, seats: SeatView[]): SnapshotFrame {
  return {
    type: 'snapshot',
    subscription: 'modules',
    channel: `module:${moduleId}`,
    epoch: at.epoch ?? 'e1',
    offset: String(at.offset),
    seats,
  };
}

export function studentSnapshot(studentId: string, at: At, registrations: RegistrationView[]): SnapshotFrame {
  return {
    type: 'snapshot',
    subscription: 'registrations:me',
    channel: `student:${studentId}`,
    epoch: at.epoch ?? 'e1',
    offset: String(at.offset),
    registrations,
  };
}

/** A seat event frame and the update it carries, decoded. */
export function seatEvent(
  moduleId: string,
  at: At,
  available: number,
  version?: number,
): { frame: EventFrame; update: RealtimeUpdate } {
  const data = {
    channel: `module:${moduleId}` as const,
    moduleId,
    capacity: 10,
    reserved: 0,
    confirmed: 10 - available,
    available,
    changedAt,
    ...(version === undefined ? {} : { version }),
  };
  return framed('modules', at, { type: 'SeatAvailableChanged', data });
}

/** A frame telling that a module was removed from the catalog, and its update, decoded. */
export function moduleRemovedEvent(
  moduleId: string,
  at: At,
  version: number,
): { frame: EventFrame; update: RealtimeUpdate } {
  const data = { channel: `module:${moduleId}` as const, moduleId, version, changedAt };
  return framed('modules', at, { type: 'ModuleRemoved', data });
}

export function registrationEvent(
  studentId: string,
  at: At,
  registrationId: string,
  status: RegistrationView['status'],
  version?: number,
): { frame: EventFrame; update: RealtimeUpdate } {
  const data = {
    channel: `student:${studentId}` as const,
    registrationId,
    studentId,
    moduleId: 'CS101',
    status,
    ...(status === 'CANCELLED' ? { reason: 'NO_SEAT' as const } : {}),
    changedAt,
    ...(version === undefined ? {} : { version }),
  };
  return framed('registrations:me', at, { type: 'RegistrationStatusChanged', data });
}

/** The event frame of a subscription that carries `update`, as the gateway sends it. */
function framed(
  subscription: EventFrame['subscription'],
  at: At,
  update: RealtimeUpdate,
): { frame: EventFrame; update: RealtimeUpdate } {
  return {
    frame: {
      type: 'event',
      subscription,
      channel: update.data.channel,
      epoch: at.epoch ?? 'e1',
      offset: String(at.offset),
      event: { type: update.type, time: changedAt, data: update.data },
    },
    update,
  };
}

export const welcome: ServerMessage = {
  type: 'welcome',
  connectionId: 'c1',
  studentId: 'student-1',
  expiresAt: '2026-11-25T14:00:00.000Z',
};
