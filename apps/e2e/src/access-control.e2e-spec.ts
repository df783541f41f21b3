import { readFileSync } from 'node:fs';
import { ensureSessionKeys, loadStackConfig } from '@platform/stack';
import { generateKeyPair, importPKCS8, SignJWT, type CryptoKey, type KeyObject } from 'jose';
import { e2eServices } from './support/e2e-platform';
import { PlatformTruth } from './support/platform-truth';
import { connectReadModels } from './support/read-model-client';
import { RegistrationApi } from './support/registration-api';
import { freshId, moduleVisible } from './support/scenario';
import { ensureStudents } from './support/students';

jest.setTimeout(180_000);

// Promise 7: a student sees only their own registrations; expired or forged tokens get nothing.
describe('access to registrations', () => {
  const services = e2eServices();
  const api = new RegistrationApi(services.get('registration-service').url);
  const truth = new PlatformTruth();
  const { reader, redis } = connectReadModels();
  let owner: string;
  let other: string;
  let ownerId: string;
  let registrationId: string;

  const token = (key: CryptoKey | KeyObject | Uint8Array, claims: { sub: string; expiresAt: number }) =>
    new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt' })
      .setIssuer('course-platform/registration-service')
      .setAudience('course-platform')
      .setSubject(claims.sub)
      .setJti(freshId('jti'))
      .setIssuedAt(claims.expiresAt - 900)
      .setExpirationTime(claims.expiresAt)
      .sign(key);

  beforeAll(async () => {
    const moduleId = freshId('ACL');
    await truth.createModule({ moduleId, capacity: 3, feeCents: 1000 });
    await moduleVisible(reader, moduleId);
    const students = await ensureStudents(freshId('acl'), 2);
    ownerId = students[0] as string;
    owner = await api.signIn(ownerId);
    other = await api.signIn(students[1] as string);
    const accepted = await api.register(owner, moduleId);
    expect(accepted.status).toBe(202);
    registrationId = accepted.body.registrationId;
  });

  afterAll(async () => {
    await truth.close();
    redis.disconnect();
  });

  it('shows a registration to its owner and answers 404 to anyone else', async () => {
    expect((await api.registration(owner, registrationId)).status).toBe(200);
    const foreign = await api.registration(other, registrationId);
    expect(foreign.status).toBe(404);
    expect(JSON.stringify(foreign.body)).not.toContain(ownerId);
    expect((await api.myRegistrations(other)).body).toEqual([]);
  });

  it('refuses a token signed with another key', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await token(privateKey, { sub: ownerId, expiresAt: Math.floor(Date.now() / 1000) + 600 });
    const response = await api.registration(forged, registrationId);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('refuses an expired token signed with the real key', async () => {
    const keys = ensureSessionKeys(loadStackConfig().stateDir);
    const key = await importPKCS8(readFileSync(keys.privateKeyFile, 'utf8'), 'ES256');
    const expired = await token(key, { sub: ownerId, expiresAt: Math.floor(Date.now() / 1000) - 60 });
    expect((await api.registration(expired, registrationId)).status).toBe(401);
  });

  it('refuses a missing token and a signed-out session', async () => {
    expect((await api.call('GET', `/registrations/${registrationId}`)).status).toBe(401);
    const session = await api.signIn(ownerId);
    expect((await api.call('DELETE', '/sessions/current', { token: session })).status).toBe(204);
    expect((await api.registration(session, registrationId)).status).toBe(401);
  });
});
