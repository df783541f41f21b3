import { identifier } from '../http/api.schemas';
import { z } from '../http/openapi-zod';

export const createSessionBody = z.strictObject({
  studentId: identifier(128),
  password: z.string().min(1).max(1024),
});

export const sessionCreated = z.object({
  token: z.string().describe('ES256 JWT (typ at+jwt); send it as `Authorization: Bearer <token>`'),
  expiresAt: z.iso.datetime(),
});

export type CreateSessionBody = z.infer<typeof createSessionBody>;
export type SessionCreatedResponse = z.infer<typeof sessionCreated>;
