import { identifier } from '../http/api.schemas';
import { z } from '../http/openapi-zod';

const status = z.enum(['PENDING', 'COMPLETED', 'CANCELLED']);
const reason = z.enum(['NO_SEAT', 'PAYMENT_FAILED', 'TIMEOUT']);

export const requestRegistrationBody = z.strictObject({
  moduleId: identifier(128),
});

export const registrationIdParams = z.object({ id: z.uuid() });

/** Optional; the same key from the same student returns the registration it first created. */
export const idempotencyKeyHeader = z.string().min(1).max(200).optional();

export const registrationAccepted = z.object({
  registrationId: z.uuid(),
  status: z.literal('PENDING'),
});

export const registrationDetails = z.object({
  registrationId: z.uuid(),
  moduleId: z.string(),
  status,
  reason: reason.optional(),
  history: z.array(z.object({ type: z.string(), at: z.string(), version: z.number().int().min(1) })),
});

export const registrationSummary = z.object({
  registrationId: z.uuid(),
  moduleId: z.string(),
  status,
  reason: reason.optional(),
  version: z.number().int().min(1),
  updatedAt: z.string(),
});

export const registrationList = z.array(registrationSummary);

export type RequestRegistrationBody = z.infer<typeof requestRegistrationBody>;
export type RegistrationAccepted = z.infer<typeof registrationAccepted>;
export type RegistrationDetails = z.infer<typeof registrationDetails>;
export type RegistrationSummaryResponse = z.infer<typeof registrationSummary>;
