import { serverMessage } from '@platform/contracts';
import { frames, parseClientFrame } from './frames';

describe('message framing', () => {
  it('reads a valid subscribe', () => {
    const parsed = parseClientFrame(
      Buffer.from(
        JSON.stringify({ op: 'subscribe', id: '1', channel: 'modules:CS*', filter: { availableAtMost: 2 } }),
      ),
      false,
    );
    expect(parsed).toEqual({
      kind: 'message',
      message: { op: 'subscribe', id: '1', channel: 'modules:CS*', filter: { availableAtMost: 2 } },
    });
  });

  it('treats binary and non-JSON frames as policy violations', () => {
    expect(parseClientFrame(Buffer.from('{}'), true).kind).toBe('violation');
    expect(parseClientFrame(Buffer.from('not json'), false).kind).toBe('violation');
  });

  it('answers a schema error with the request id and a reason', () => {
    const parsed = parseClientFrame(
      JSON.stringify({ op: 'subscribe', id: 'r-7', channel: 'modules', extra: 1 }),
      false,
    );
    expect(parsed).toMatchObject({ kind: 'invalid', id: 'r-7', code: 'BAD_REQUEST' });
  });

  it('names an unknown channel as such', () => {
    const parsed = parseClientFrame(
      JSON.stringify({ op: 'subscribe', id: 'r-8', channel: 'payments' }),
      false,
    );
    expect(parsed).toMatchObject({ kind: 'invalid', id: 'r-8', code: 'UNKNOWN_CHANNEL' });
  });

  it('answers without an id when none can be read', () => {
    const parsed = parseClientFrame(JSON.stringify([1, 2]), false);
    expect(parsed).toMatchObject({ kind: 'invalid', code: 'BAD_REQUEST' });
    expect(parsed).not.toHaveProperty('id');
  });

  it('frames server messages the contract accepts', () => {
    const event = frames.event('modules', 'topic:0', {
      channel: 'module:CS101',
      partition: 0,
      offset: 42n,
      type: 'SeatAvailableChanged',
      time: '2026-11-25T12:00:00.000Z',
      data: { moduleId: 'CS101', available: 3 },
      changedAtMs: 0,
      trace: {},
    });
    for (const text of [
      event,
      frames.ack('1', 'subscribe'),
      frames.error(undefined, 'BAD_REQUEST', 'nope'),
      frames.welcome('c-1', 's-1', new Date(0)),
    ]) {
      expect(serverMessage.safeParse(JSON.parse(text)).success).toBe(true);
    }
    expect(JSON.parse(event)).toMatchObject({ offset: '42', epoch: 'topic:0', channel: 'module:CS101' });
  });
});
