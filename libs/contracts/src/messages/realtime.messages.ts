import { z } from 'zod';
import { cancellationReason, id, timestamp } from './common.schemas';
import { defineMessage } from './define-message';

/** Seat counts of one module go to everyone watching it. */
export function moduleChannel(moduleId: string): `module:${string}` {
  return `module:${moduleId}`;
}

/** Registration status goes only to the student it belongs to. */
export function studentChannel(studentId: string): `student:${string}` {
  return `student:${studentId}`;
}

const seatCount = z.number().int().min(0);

/** The row's WAL position (the projector's `__lsn`): of two views of one entity, the higher is newer. */
const version = z.number().int().nonnegative();

const seatCountsV1 = z.object({
  channel: z.templateLiteral(['module:', id]),
  moduleId: id,
  capacity: seatCount,
  reserved: seatCount,
  confirmed: seatCount,
  available: seatCount,
  changedAt: timestamp,
});

const registrationStatusV1 = z.object({
  channel: z.templateLiteral(['student:', id]),
  registrationId: id,
  studentId: id,
  moduleId: id,
  status: z.enum(['PENDING', 'COMPLETED', 'CANCELLED']),
  reason: cancellationReason.optional(),
  changedAt: timestamp,
});

export const SeatAvailableChanged = defineMessage(
  {
    name: 'SeatAvailableChanged',
    topic: 'realtime.updates',
    description: "A module's seat counts changed; available = capacity - reserved - confirmed.",
  },
  seatCountsV1,
)
  // v2 carries the version, so a client can drop an event older than the snapshot it holds.
  .version(seatCountsV1.extend({ version: version.optional() }))
  .upcastFrom((v1) => v1);

export const RegistrationStatusChanged = defineMessage(
  {
    name: 'RegistrationStatusChanged',
    topic: 'realtime.updates',
    description: "A registration's status changed; reason is set when it was cancelled.",
  },
  registrationStatusV1,
)
  .version(registrationStatusV1.extend({ version: version.optional() }))
  .upcastFrom((v1) => v1);

export const ModuleRemoved = defineMessage(
  {
    name: 'ModuleRemoved',
    topic: 'realtime.updates',
    description:
      "A module was removed from the catalog; pages drop it. version is the deletion's WAL position.",
  },
  z.object({
    channel: z.templateLiteral(['module:', id]),
    moduleId: id,
    version,
    changedAt: timestamp,
  }),
);
