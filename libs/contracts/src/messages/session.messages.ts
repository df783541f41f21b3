import { z } from 'zod';
import { id, timestamp } from './common.schemas';
import { defineMessage } from './define-message';

export const SessionCreated = defineMessage(
  {
    name: 'SessionCreated',
    topic: 'session.events',
    description: 'A student signed in; the session token is valid until expiresAt.',
  },
  z.object({
    studentId: id,
    sessionId: id,
    createdAt: timestamp,
    expiresAt: timestamp,
  }),
);

export const SessionExpired = defineMessage(
  {
    name: 'SessionExpired',
    topic: 'session.events',
    description: 'The session reached its expiry; its sockets must close.',
  },
  z.object({
    studentId: id,
    sessionId: id,
    expiredAt: timestamp,
  }),
);

export const SessionRevoked = defineMessage(
  {
    name: 'SessionRevoked',
    topic: 'session.events',
    description: 'The session ended before its expiry; its sockets must close.',
  },
  z.object({
    studentId: id,
    sessionId: id,
    reason: z.enum(['SIGNED_OUT', 'REVOKED_BY_OPERATOR']),
    revokedAt: timestamp,
  }),
);
