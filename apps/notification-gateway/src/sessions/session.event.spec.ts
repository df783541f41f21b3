import { createMessage, inboundMessage, PoisonMessageError, toOutboundMessage } from '@platform/messaging';
import { sessionEventOf } from './session.event';

const received = (outbound: ReturnType<typeof toOutboundMessage>) =>
  inboundMessage({ offset: 0, ...outbound, topic: 'session.events' });

describe(sessionEventOf.name, () => {
  const revoked = toOutboundMessage(
    createMessage('registration-service', 'SessionRevoked', {
      studentId: 'alice',
      sessionId: 's1',
      reason: 'SIGNED_OUT',
      revokedAt: '2026-11-25T09:00:00.000Z',
    }),
  );

  it('decodes a session event with its type', () => {
    expect(sessionEventOf(received(revoked))).toEqual({
      type: 'SessionRevoked',
      data: {
        studentId: 'alice',
        sessionId: 's1',
        reason: 'SIGNED_OUT',
        revokedAt: '2026-11-25T09:00:00.000Z',
      },
    });
  });

  it.each([
    ['not JSON', { ...revoked, value: 'not json{' }, /value is not JSON/],
    ['wrong schema', { ...revoked, value: JSON.stringify({ sessionId: 's1' }) }, /SCHEMA|schema|studentId/],
    [
      'unknown type',
      {
        ...revoked,
        headers: {
          ...revoked.headers,
          ce_type: 'NoSuchEvent',
          ce_dataschema: 'urn:course-platform:schema:NoSuchEvent:1',
        },
      },
      /unknown message type/,
    ],
    ['no ce_* headers', { ...revoked, headers: {} }, /bad envelope/],
    [
      'a realtime event',
      toOutboundMessage(
        createMessage('read-model-projector', 'ModuleRemoved', {
          channel: 'module:CS101',
          moduleId: 'CS101',
          version: 7,
          changedAt: '2026-11-25T09:00:00.000Z',
        }),
      ),
      /ModuleRemoved is not a session.events event/,
    ],
  ])('throws PoisonMessageError for %s', (_what, outbound, cause) => {
    const decode = () => sessionEventOf(received(outbound));
    expect(decode).toThrow(PoisonMessageError);
    expect(decode).toThrow(cause);
  });
});
