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

/** A non-empty id that is looked up in Postgres, whose text type refuses the NUL character. */
export const identifier = (maxLength: number) =>
  z
    .string()
    .min(1)
    .max(maxLength)
    .regex(/^[^\x00]*$/, 'must not contain the NUL character');
