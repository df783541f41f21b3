import { topicOf, type MessageOf, type MessageTypeOn } from '@platform/contracts';
import { decodeMessage, PoisonMessageError, type InboundMessage } from '@platform/messaging';

export const SESSION_TOPIC = topicOf('SessionCreated');

type SessionEventType = MessageTypeOn<typeof SESSION_TOPIC>;

/** A record of session.events: one session began, was revoked or expired. */
export type SessionEvent = { [T in SessionEventType]: { type: T; data: MessageOf<T> } }[SessionEventType];

const sessionEventTypes: readonly string[] = [
  'SessionCreated',
  'SessionExpired',
  'SessionRevoked',
] satisfies SessionEventType[];

/** The event of a session.events record; throws PoisonMessageError for anything else. */
export function sessionEventOf(record: InboundMessage): SessionEvent {
  const decoded = decodeMessage(record);
  if (!sessionEventTypes.includes(decoded.type))
    throw new PoisonMessageError(`${decoded.type} is not a session.events event`);
  return { type: decoded.type, data: decoded.data } as SessionEvent;
}
