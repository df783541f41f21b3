import { z } from './openapi-zod';

/** The body of every error answer: the status, its name, and a reason a person can act on. */
export const errorBody = z.object({
  statusCode: z.number().int(),
  error: z.string().optional(),
  message: z.string(),
});

export const validationErrorBody = errorBody.extend({
  statusCode: z.literal(400),
  error: z.literal('Bad Request'),
  issues: z.array(z.object({ path: z.string(), message: z.string() })),
});

export type ErrorBody = z.infer<typeof errorBody>;
