import type { Message, SourceChannel, StreamPosition } from '@platform/contracts';
import type { EventFrame, RealtimeState, RegistrationView, SeatView, SnapshotFrame } from './realtime-state';
import { emptyState } from './realtime-state';

/**
 * The public state plus which source channel each registration came from, so a snapshot of
 * `student:<id>` can drop the registrations it no longer lists (a registration view does not name
 * its student).
 */
export interface Replica {
  readonly state: RealtimeState;
  readonly registrationChannels: Readonly<Record<string, SourceChannel>>;
}

/** `applied`; `duplicate`: at or below the position already applied; `stale`: an older version than held. */
export type ApplyOutcome = 'applied' | 'duplicate' | 'stale';

export type RealtimeUpdate =
  Message<'SeatAvailableChanged'> | Message<'RegistrationStatusChanged'> | Message<'ModuleRemoved'>;

export const emptyReplica: Replica = { state: emptyState, registrationChannels: {} };

const MODULE_PREFIX = 'module:';

/** Replaces what the replica holds for the snapshot's source channel and records its position. */
export function applySnapshot(
  replica: Replica,
  frame: SnapshotFrame,
): { replica: Replica; outcome: ApplyOutcome } {
  const held = replica.state.positions[frame.channel];
  if (held !== undefined && held.epoch === frame.epoch && BigInt(frame.offset) < BigInt(held.offset)) {
    return { replica, outcome: 'duplicate' };
  }

  let seats = replica.state.seats.byId;
  if (frame.channel.startsWith(MODULE_PREFIX)) {
    const moduleId = frame.channel.slice(MODULE_PREFIX.length);
    if (!frame.seats?.some((seat) => seat.moduleId === moduleId)) seats = without(seats, moduleId);
  }
  for (const seat of frame.seats ?? []) seats = put(seats, seat.moduleId, newest(seats[seat.moduleId], seat));

  let registrations = replica.state.registrations.byId;
  let registrationChannels = replica.registrationChannels;
  const listed = new Set(frame.registrations?.map((registration) => registration.registrationId));
  for (const [registrationId, channel] of Object.entries(registrationChannels)) {
    if (channel === frame.channel && !listed.has(registrationId)) {
      registrations = without(registrations, registrationId);
      registrationChannels = without(registrationChannels, registrationId);
    }
  }
  for (const registration of frame.registrations ?? []) {
    const id = registration.registrationId;
    registrations = put(registrations, id, newest(registrations[id], registration));
    registrationChannels = put(registrationChannels, id, frame.channel);
  }

  return {
    replica: build(replica, seats, registrations, registrationChannels, frame.channel, frame),
    outcome: 'applied',
  };
}

/**
 * Applies one event of a source channel, unless its offset was already applied in the same epoch.
 * An entity update older (by `version`) than the view held is skipped, but its position is still
 * recorded: it was delivered in order, its content is just superseded.
 */
export function applyEvent(
  replica: Replica,
  frame: EventFrame,
  update: RealtimeUpdate,
): { replica: Replica; outcome: ApplyOutcome } {
  const held = replica.state.positions[frame.channel];
  if (held !== undefined && held.epoch === frame.epoch && BigInt(frame.offset) <= BigInt(held.offset)) {
    return { replica, outcome: 'duplicate' };
  }

  let seats = replica.state.seats.byId;
  let registrations = replica.state.registrations.byId;
  let registrationChannels = replica.registrationChannels;
  let outcome: ApplyOutcome = 'applied';

  if (update.type === 'ModuleRemoved') {
    const { moduleId, version } = update.data;
    if (isOlder(version, seats[moduleId]?.version)) outcome = 'stale';
    else seats = without(seats, moduleId);
  } else if (update.type === 'SeatAvailableChanged') {
    const { moduleId, capacity, reserved, confirmed, available, version } = update.data;
    const current = seats[moduleId];
    if (isOlder(version, current?.version)) {
      outcome = 'stale';
    } else {
      const next: SeatView = {
        moduleId,
        ...(current?.title === undefined ? {} : { title: current.title }),
        capacity,
        reserved,
        confirmed,
        available,
        ...(version === undefined ? {} : { version }),
      };
      seats = put(seats, moduleId, sameFields(current, next) ? current : next);
    }
  } else {
    const { registrationId, moduleId, status, reason, version } = update.data;
    const current = registrations[registrationId];
    if (isOlder(version, current?.version)) {
      outcome = 'stale';
    } else {
      const next: RegistrationView = {
        registrationId,
        moduleId,
        status,
        ...(reason === undefined ? {} : { reason }),
        ...(version === undefined ? {} : { version }),
      };
      registrations = put(registrations, registrationId, sameFields(current, next) ? current : next);
      registrationChannels = put(registrationChannels, registrationId, frame.channel);
    }
  }

  return {
    replica: build(replica, seats, registrations, registrationChannels, frame.channel, frame),
    outcome,
  };
}

function build(
  replica: Replica,
  seats: RealtimeState['seats']['byId'],
  registrations: RealtimeState['registrations']['byId'],
  registrationChannels: Replica['registrationChannels'],
  channel: SourceChannel,
  position: StreamPosition,
): Replica {
  const { state } = replica;
  const held = state.positions[channel];
  const positions =
    held?.epoch === position.epoch && held.offset === position.offset
      ? state.positions
      : { ...state.positions, [channel]: { epoch: position.epoch, offset: position.offset } };
  const next: RealtimeState = {
    seats: seats === state.seats.byId ? state.seats : { byId: seats },
    registrations: registrations === state.registrations.byId ? state.registrations : { byId: registrations },
    positions,
  };
  const unchanged =
    next.seats === state.seats && next.registrations === state.registrations && positions === state.positions;
  return {
    state: unchanged ? state : next,
    registrationChannels,
  };
}

/** The incoming view, or the held one when the held one is newer or equal in every field. */
function newest<T extends { readonly version?: number }>(current: T | undefined, incoming: T): T {
  if (current === undefined) return incoming;
  if (isOlder(incoming.version, current.version)) return current;
  return sameFields(current, incoming) ? current : incoming;
}

function isOlder(incoming: number | undefined, held: number | undefined): boolean {
  return incoming !== undefined && held !== undefined && incoming < held;
}

function sameFields<T extends object>(current: T | undefined, next: T): current is T {
  if (current === undefined) return false;
  const keys = Object.keys(next) as (keyof T)[];
  return keys.length === Object.keys(current).length && keys.every((key) => current[key] === next[key]);
}

function put<V>(record: Readonly<Record<string, V>>, key: string, value: V): Readonly<Record<string, V>> {
  return record[key] === value ? record : { ...record, [key]: value };
}

function without<V>(record: Readonly<Record<string, V>>, key: string): Readonly<Record<string, V>> {
  if (!(key in record)) return record;
  const { [key]: _removed, ...rest } = record;
  return rest;
}
