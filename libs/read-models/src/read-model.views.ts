import { z } from 'zod';

/** Seats of one module as students see them; `version` is the WAL position of the row change. */
export const moduleSeatsView = z.object({
  moduleId: z.string(),
  title: z.string(),
  capacity: z.number().int().min(0),
  reserved: z.number().int().min(0),
  confirmed: z.number().int().min(0),
  available: z.number().int().min(0),
  fee: z.object({ amountCents: z.number().int().min(0), currency: z.string() }),
  version: z.number().int().nonnegative(),
  updatedAt: z.string(),
});

/** One registration's status as its student sees it. */
export const registrationView = z.object({
  registrationId: z.string(),
  studentId: z.string(),
  moduleId: z.string(),
  status: z.enum(['PENDING', 'COMPLETED', 'CANCELLED']),
  reason: z.enum(['NO_SEAT', 'PAYMENT_FAILED', 'TIMEOUT']).optional(),
  version: z.number().int().nonnegative(),
  updatedAt: z.string(),
});

export type ModuleSeatsView = z.infer<typeof moduleSeatsView>;
export type RegistrationView = z.infer<typeof registrationView>;
