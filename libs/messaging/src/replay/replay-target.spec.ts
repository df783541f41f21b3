import { parseReplayTarget } from './replay-target';

describe(parseReplayTarget.name, () => {
  const now = Date.parse('2026-11-25T12:00:00Z');

  it('reads earliest', () => {
    expect(parseReplayTarget('earliest', now)).toEqual({ kind: 'earliest' });
  });

  it.each([
    ['24h ago', '2026-11-24T12:00:00.000Z'],
    ['90m ago', '2026-11-25T10:30:00.000Z'],
    ['7d ago', '2026-11-18T12:00:00.000Z'],
    ['30s ago', '2026-11-25T11:59:30.000Z'],
  ])('reads "%s" relative to now', (value, expected) => {
    const target = parseReplayTarget(value, now);
    expect(target.kind === 'timestamp' && new Date(target.timestamp).toISOString()).toBe(expected);
  });

  it('reads an ISO time', () => {
    expect(parseReplayTarget('2026-11-25T09:15:00Z', now)).toEqual({
      kind: 'timestamp',
      timestamp: Date.parse('2026-11-25T09:15:00Z'),
    });
  });

  it.each(['yesterday', '24 hours ago', '2026-13-45', ''])(
    'refuses "%s" with the accepted forms',
    (value) => {
      expect(() => parseReplayTarget(value, now)).toThrow(/use earliest, an ISO time/);
    },
  );
});
