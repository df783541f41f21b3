import { z } from 'zod';
import { cancellationReason, id, money, timestamp } from './common.schemas';
import { defineMessage } from './define-message';

export const RegistrationRequested = defineMessage(
  {
    name: 'RegistrationRequested',
    topic: 'registration.events',
    description: 'A student asked for a seat in a module at the quoted fee; starts the registration saga.',
  },
  z.object({
    registrationId: id,
    studentId: id,
    moduleId: id,
    fee: money,
    requestedAt: timestamp,
  }),
);

export const RegistrationCompleted = defineMessage(
  {
    name: 'RegistrationCompleted',
    topic: 'registration.events',
    description: 'The seat is confirmed and paid for; the registration is final.',
  },
  z.object({
    registrationId: id,
    studentId: id,
    moduleId: id,
    completedAt: timestamp,
  }),
);

export const RegistrationCancelled = defineMessage(
  {
    name: 'RegistrationCancelled',
    topic: 'registration.events',
    description: 'The registration ended without a seat: none was left, payment failed, or a step timed out.',
  },
  z.object({
    registrationId: id,
    studentId: id,
    moduleId: id,
    reason: cancellationReason,
    cancelledAt: timestamp,
  }),
);

export const CompleteRegistration = defineMessage(
  {
    name: 'CompleteRegistration',
    topic: 'registration.commands',
    description: 'The saga tells the registration aggregate that seat and payment are settled.',
  },
  z.object({
    registrationId: id,
    paymentId: id,
  }),
);

export const CancelRegistration = defineMessage(
  {
    name: 'CancelRegistration',
    topic: 'registration.commands',
    description: 'The saga tells the registration aggregate to cancel, after compensating the other steps.',
  },
  z.object({
    registrationId: id,
    reason: cancellationReason,
  }),
);
