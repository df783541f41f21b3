import { z } from 'zod';
import { id, money, timestamp } from './common.schemas';
import { defineMessage } from './define-message';

export const ChargePayment = defineMessage(
  {
    name: 'ChargePayment',
    topic: 'payment.commands',
    description: 'Take the fee for the registration; the registration id is the idempotency key.',
  },
  z.object({
    registrationId: id,
    studentId: id,
    amount: money,
  }),
);

export const RefundPayment = defineMessage(
  {
    name: 'RefundPayment',
    topic: 'payment.commands',
    description: 'Give back money taken for a registration that was cancelled after all.',
  },
  z.object({
    registrationId: id,
    paymentId: id,
    amount: money,
  }),
);

export const PaymentConfirmed = defineMessage(
  {
    name: 'PaymentConfirmed',
    topic: 'payment.events',
    description: 'The provider took the fee.',
  },
  z.object({
    registrationId: id,
    paymentId: id,
    amount: money,
    confirmedAt: timestamp,
  }),
);

export const paymentFailureCode = z.enum(['DECLINED', 'PROVIDER_UNAVAILABLE', 'PROVIDER_TIMEOUT', 'UNKNOWN']);

export const PaymentFailed = defineMessage(
  {
    name: 'PaymentFailed',
    topic: 'payment.events',
    description: 'The fee could not be taken; nothing was charged.',
  },
  z.object({
    registrationId: id,
    reason: z.string().min(1),
    failedAt: timestamp,
  }),
)
  .version(
    z.object({
      registrationId: id,
      reason: z.object({ code: paymentFailureCode, message: z.string().min(1) }),
      failedAt: timestamp,
    }),
  )
  // v1 carried only the provider's text, so the cause is unknown.
  .upcastFrom((v1) => ({ ...v1, reason: { code: 'UNKNOWN', message: v1.reason } }));

export const PaymentRefunded = defineMessage(
  {
    name: 'PaymentRefunded',
    topic: 'payment.events',
    description: 'The money taken for the registration was given back.',
  },
  z.object({
    registrationId: id,
    paymentId: id,
    amount: money,
    refundedAt: timestamp,
  }),
);
