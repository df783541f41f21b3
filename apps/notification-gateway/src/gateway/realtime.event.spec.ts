import { createMessage, inboundMessage, PoisonMessageError, toOutboundMessage } from '@platform/messaging';
import { realtimeEventOf } from './realtime.event';

describe(realtimeEventOf.name, () => {
  const record = (outbound: ReturnType<typeof toOutboundMessage>, offset = 41) =>
    inboundMessage({ offset, partition: 3, ...outbound });

  it('makes a seat change an event whose offset is the Kafka offset plus one', () => {
    const event = realtimeEventOf(
      record(
        toOutboundMessage(
          createMessage('read-model-projector', 'ModuleRemoved', {
            channel: 'module:CS101',
            moduleId: 'CS101',
            version: 7,
            changedAt: '2026-11-25T09:00:00.000Z',
          }),
        ),
      ),
    );
    expect(event).toMatchObject({
      channel: 'module:CS101',
      partition: 3,
      offset: 42n,
      type: 'ModuleRemoved',
    });
  });

  it('throws PoisonMessageError for a valid message that is no realtime event', () => {
    const session = toOutboundMessage(
      createMessage('registration-service', 'SessionExpired', {
        studentId: 'alice',
        sessionId: 's1',
        expiredAt: '2026-11-25T09:00:00.000Z',
      }),
    );
    expect(() => realtimeEventOf(record(session))).toThrow(PoisonMessageError);
    expect(() => realtimeEventOf(record(session))).toThrow(/SessionExpired is not a realtime.updates event/);
  });
});
