import { z } from 'zod';
import { id, timestamp } from './common.schemas';
import { defineMessage } from './define-message';

export const ReserveSeat = defineMessage(
  {
    name: 'ReserveSeat',
    topic: 'inventory.commands',
    description: 'Hold one seat of the module for the registration, if one is left.',
  },
  z.object({
    moduleId: id,
    registrationId: id,
    studentId: id,
  }),
);

export const ConfirmSeat = defineMessage(
  {
    name: 'ConfirmSeat',
    topic: 'inventory.commands',
    description: 'Turn the held seat into a confirmed one; payment has been taken.',
  },
  z.object({
    moduleId: id,
    registrationId: id,
  }),
);

export const ReleaseSeat = defineMessage(
  {
    name: 'ReleaseSeat',
    topic: 'inventory.commands',
    description: 'Give the held seat back (compensation when payment fails or the saga times out).',
  },
  z.object({
    moduleId: id,
    registrationId: id,
    reason: z.enum(['PAYMENT_FAILED', 'TIMEOUT']),
  }),
);

export const SeatReserved = defineMessage(
  {
    name: 'SeatReserved',
    topic: 'inventory.events',
    description: 'A seat of the module is held for the registration.',
  },
  z.object({
    moduleId: id,
    registrationId: id,
    studentId: id,
    reservedAt: timestamp,
  }),
);

export const SeatRejected = defineMessage(
  {
    name: 'SeatRejected',
    topic: 'inventory.events',
    description: 'No seat could be held for the registration.',
  },
  z.object({
    moduleId: id,
    registrationId: id,
    reason: z.enum(['NO_SEAT_LEFT', 'UNKNOWN_MODULE']),
    rejectedAt: timestamp,
  }),
);

export const SeatConfirmed = defineMessage(
  {
    name: 'SeatConfirmed',
    topic: 'inventory.events',
    description: 'The held seat is now confirmed for the registration.',
  },
  z.object({
    moduleId: id,
    registrationId: id,
    confirmedAt: timestamp,
  }),
);

export const SeatReleased = defineMessage(
  {
    name: 'SeatReleased',
    topic: 'inventory.events',
    description: 'The held seat went back to the module.',
  },
  z.object({
    moduleId: id,
    registrationId: id,
    releasedAt: timestamp,
  }),
);
