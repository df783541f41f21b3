import { SessionRegistry } from './session.registry';

describe(SessionRegistry.name, () => {
  const minute = 60_000;
  let now: number;
  let registry: SessionRegistry;
  const session = (sessionId: string, studentId = 'alice', ttlMs = 15 * minute) => ({
    sessionId,
    studentId,
    expiresAt: new Date(now + ttlMs),
  });

  beforeEach(() => {
    jest.useFakeTimers();
    now = Date.parse('2026-11-25T09:00:00Z');
    jest.setSystemTime(now);
    registry = new SessionRegistry(() => now);
  });

  afterEach(() => jest.useRealTimers());

  it('knows a created session as live for its own student only', () => {
    registry.created(session('s1'));
    expect(registry.stateOf('s1', 'alice')).toBe('live');
    expect(registry.stateOf('s1', 'bob')).toBe('unknown');
    expect(registry.stateOf('s2', 'alice')).toBe('unknown');
  });

  it('remembers how a session ended, and a redelivered SessionCreated does not revive it', () => {
    registry.created(session('s1'));
    registry.created(session('s2'));
    registry.ended('s1', 'revoked');
    registry.ended('s2', 'expired');
    registry.created(session('s1'));
    expect(registry.stateOf('s1', 'alice')).toBe('revoked');
    expect(registry.stateOf('s2', 'alice')).toBe('expired');
  });

  it('lets a session expire by its time, and forgets it a while later', () => {
    registry.created(session('s1', 'alice', minute));
    now += minute;
    expect(registry.stateOf('s1', 'alice')).toBe('expired');
    now += 2 * minute;
    registry.created(session('s2'));
    expect(registry.stateOf('s1', 'alice')).toBe('unknown');
    expect(registry.size).toBe(1);
  });

  it('ignores a SessionCreated read long after its session expired', () => {
    registry.created(session('old', 'alice', -10 * minute));
    expect(registry.size).toBe(0);
  });

  it('settles an unknown session as soon as its SessionCreated arrives', async () => {
    const settled = registry.settled('s1', 'alice', now + 5_000);
    jest.advanceTimersByTime(100);
    registry.created(session('s1'));
    await expect(settled).resolves.toBe('live');
  });

  it('settles a session that stays unknown at the deadline', async () => {
    const settled = registry.settled('s1', 'alice', now + 5_000);
    let result: string | undefined;
    void settled.then((state) => (result = state));
    jest.advanceTimersByTime(4_999);
    await Promise.resolve();
    expect(result).toBeUndefined();
    jest.advanceTimersByTime(1);
    await expect(settled).resolves.toBe('unknown');
  });

  it('settles at once what is known or past its deadline', async () => {
    registry.created(session('s1'));
    registry.ended('s1', 'revoked');
    await expect(registry.settled('s1', 'alice', now + 5_000)).resolves.toBe('revoked');
    await expect(registry.settled('s2', 'alice', now)).resolves.toBe('unknown');
  });

  it('settles a wait for a session that turns out to be another student’s as unknown', async () => {
    const settled = registry.settled('s1', 'mallory', now + 5_000);
    registry.created(session('s1', 'alice'));
    await expect(settled).resolves.toBe('unknown');
  });
});
