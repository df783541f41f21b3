import { exportPKCS8, exportSPKI, generateKeyPair, importPKCS8, SignJWT, UnsecuredJWT } from 'jose';
import { SessionTokenExpiredError, SessionTokenInvalidError } from './session-token.errors';
import { SessionTokenIssuer } from './session-token.issuer';
import { SessionTokenVerifier } from './session-token.verifier';

const settings = { issuer: 'course-platform/registration-service', audience: 'course-platform' };
const session = { studentId: 'alice', sessionId: '5a4f2d8e-7f0b-4c36-9d43-1f0a3c2b9e11' };

async function pemPair(): Promise<{ privateKey: string; publicKey: string }> {
  const pair = await generateKeyPair('ES256', { extractable: true });
  return { privateKey: await exportPKCS8(pair.privateKey), publicKey: await exportSPKI(pair.publicKey) };
}

describe(SessionTokenVerifier.name, () => {
  let keys: { privateKey: string; publicKey: string };
  let issuer: SessionTokenIssuer;
  let verifier: SessionTokenVerifier;

  beforeAll(async () => {
    keys = await pemPair();
    issuer = await SessionTokenIssuer.fromPem(keys.privateKey, { ...settings, ttlSeconds: 900 });
    verifier = await SessionTokenVerifier.fromPem(keys.publicKey, settings);
  });

  const rejectsAsInvalid = (token: string) =>
    expect(verifier.verify(token)).rejects.toBeInstanceOf(SessionTokenInvalidError);

  it('accepts a token it issued and returns its claims', async () => {
    const now = new Date('2026-11-25T12:00:00Z');
    const { token, expiresAt } = await issuer.issue(session, now);

    expect(expiresAt).toEqual(new Date('2026-11-25T12:15:00Z'));
    expect(await verifier.verify(token, new Date('2026-11-25T12:14:59Z'))).toEqual({
      ...session,
      issuedAt: now,
      expiresAt,
    });
  });

  it('puts typ at+jwt, ES256, iss, aud, sub, jti, iat and exp in the token', async () => {
    const { token } = await issuer.issue(session);
    const [header, payload] = token
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>);

    expect(header).toEqual({ alg: 'ES256', typ: 'at+jwt' });
    expect(payload).toEqual({
      iss: settings.issuer,
      aud: settings.audience,
      sub: session.studentId,
      jti: session.sessionId,
      iat: expect.any(Number),
      exp: (payload?.['iat'] as number) + 900,
    });
  });

  it('says expired for a genuine token past its exp', async () => {
    const { token } = await issuer.issue(session, new Date('2026-11-25T12:00:00Z'));

    await expect(verifier.verify(token, new Date('2026-11-25T12:15:01Z'))).rejects.toBeInstanceOf(
      SessionTokenExpiredError,
    );
  });

  it('says expired for a token it verified before, once past its exp', async () => {
    const { token } = await issuer.issue(session, new Date('2026-11-25T12:00:00Z'));
    await verifier.verify(token, new Date('2026-11-25T12:10:00Z'));

    await expect(verifier.verify(token, new Date('2026-11-25T12:15:00Z'))).rejects.toBeInstanceOf(
      SessionTokenExpiredError,
    );
  });

  it('refuses a token that differs from one it verified in a single byte of its signature', async () => {
    const { token } = await issuer.issue(session);
    await verifier.verify(token);
    const last = token.at(-2) === 'A' ? 'B' : 'A';

    await rejectsAsInvalid(`${token.slice(0, -2)}${last}${token.at(-1)}`);
  });

  it('still verifies every token when it keeps only one', async () => {
    const small = await SessionTokenVerifier.fromPem(keys.publicKey, settings, { kept: 1 });
    const tokens = await Promise.all([1, 2, 3].map(() => issuer.issue(session)));
    for (const { token } of [...tokens, ...tokens])
      await expect(small.verify(token)).resolves.toMatchObject(session);
  });

  it('refuses a token signed with another key', async () => {
    const forger = await SessionTokenIssuer.fromPem((await pemPair()).privateKey, {
      ...settings,
      ttlSeconds: 900,
    });
    await rejectsAsInvalid((await forger.issue(session)).token);
  });

  it('refuses alg none', async () => {
    const unsigned = new UnsecuredJWT({ jti: session.sessionId })
      .setIssuer(settings.issuer)
      .setAudience(settings.audience)
      .setSubject(session.studentId)
      .setIssuedAt()
      .setExpirationTime('15m')
      .encode();
    await rejectsAsInvalid(unsigned);
  });

  it('refuses an HS256 token keyed with the public key (algorithm confusion)', async () => {
    const confused = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
      .setIssuer(settings.issuer)
      .setAudience(settings.audience)
      .setSubject(session.studentId)
      .setJti(session.sessionId)
      .setIssuedAt()
      .setExpirationTime('15m')
      .sign(new TextEncoder().encode(keys.publicKey));
    await rejectsAsInvalid(confused);
  });

  it.each([
    ['audience', { ...settings, audience: 'someone-else' }],
    ['issuer', { ...settings, issuer: 'someone-else' }],
  ])('refuses a token for the wrong %s', async (_what, other) => {
    const otherIssuer = await SessionTokenIssuer.fromPem(keys.privateKey, { ...other, ttlSeconds: 900 });
    await rejectsAsInvalid((await otherIssuer.issue(session)).token);
  });

  it('refuses a token of another type and one without jti', async () => {
    const privateKey = await importPKCS8(keys.privateKey, 'ES256');
    const base = () =>
      new SignJWT({})
        .setIssuer(settings.issuer)
        .setAudience(settings.audience)
        .setSubject(session.studentId)
        .setIssuedAt()
        .setExpirationTime('15m');
    await rejectsAsInvalid(
      await base()
        .setJti(session.sessionId)
        .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
        .sign(privateKey),
    );
    await rejectsAsInvalid(await base().setProtectedHeader({ alg: 'ES256', typ: 'at+jwt' }).sign(privateKey));
  });

  it('refuses garbage', async () => {
    await rejectsAsInvalid('not-a-token');
    await rejectsAsInvalid('');
  });
});
