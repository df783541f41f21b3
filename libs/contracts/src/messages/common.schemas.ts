import { z } from 'zod';

/** Identifiers travel as opaque strings (uuids from the services, codes for modules). */
export const id = z.string().min(1).max(128);

/** RFC 3339 with seconds and an offset or `Z`, as CloudEvents' `time`. */
export const timestamp = z.iso.datetime({ offset: true });

/** Money in integer minor units (cents) of an ISO 4217 currency, never a float. */
export const money = z.object({
  amountCents: z.number().int().min(0),
  currency: z.string().regex(/^[A-Z]{3}$/),
});

export const cancellationReason = z.enum(['NO_SEAT', 'PAYMENT_FAILED', 'TIMEOUT']);
