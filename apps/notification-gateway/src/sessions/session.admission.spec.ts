import type { SessionClaims } from '@platform/session-tokens';
import { loadConfig } from '../config';
import { SessionAdmission } from './session.admission';
import { SessionRegistry } from './session.registry';

describe(SessionAdmission.name, () => {
  const waitMs = 10_000;
  const base = loadConfig({ JWT_PUBLIC_KEY: 'unused in this spec' });
  const config = { ...base, gateway: { ...base.gateway, sessionWaitMs: waitMs } };
  let registry: SessionRegistry;
  let admission: SessionAdmission;
  const claims = (sessionId: string, issuedAgoMs = 0): SessionClaims => ({
    studentId: 'alice',
    sessionId,
    issuedAt: new Date(Date.now() - issuedAgoMs),
    expiresAt: new Date(Date.now() + 15 * 60_000),
  });
  const created = (sessionId: string) =>
    registry.created({ sessionId, studentId: 'alice', expiresAt: new Date(Date.now() + 15 * 60_000) });

  beforeEach(() => {
    jest.useFakeTimers();
    registry = new SessionRegistry();
    admission = new SessionAdmission(registry, config);
  });

  afterEach(() => jest.useRealTimers());

  it('admits a live session and refuses a revoked one at once, naming why', async () => {
    created('live');
    created('gone');
    registry.ended('gone', 'revoked');
    await expect(admission.admit(claims('live'))).resolves.toEqual({ admitted: true });
    await expect(admission.admit(claims('gone'))).resolves.toEqual({
      admitted: false,
      state: 'revoked',
      reason: 'session revoked',
    });
  });

  it('waits for the SessionCreated of a token issued a moment ago', async () => {
    const verdict = admission.admit(claims('fresh'));
    jest.advanceTimersByTime(300);
    created('fresh');
    await expect(verdict).resolves.toEqual({ admitted: true });
  });

  it('refuses an unknown session once the wait after the token was issued is over', async () => {
    const verdict = admission.admit(claims('never', 4_000));
    jest.advanceTimersByTime(waitMs - 4_000);
    await expect(verdict).resolves.toMatchObject({ admitted: false, reason: 'unknown session' });
    await expect(admission.admit(claims('never', waitMs))).resolves.toMatchObject({
      admitted: false,
      state: 'unknown',
    });
  });

  it('tells, without waiting, whether an admitted session ended since', () => {
    created('s');
    expect(admission.verdictNow(claims('s'))).toEqual({ admitted: true });
    registry.ended('s', 'expired');
    expect(admission.verdictNow(claims('s'))).toMatchObject({ admitted: false, state: 'expired' });
  });
});
