import { closeCodes, WS_PROTOCOL } from '@platform/contracts';
import {
  eventually,
  generatePemKeyPair,
  Publisher,
  refusal,
  startGateway,
  TestClient,
  TestSessions,
  tokenIssuer,
  type KeyPair,
  type RunningGateway,
} from './support/gateway';

// A genuine signature is not enough: the token's session must have begun on session.events and
// not ended. The gateway in process against the real Kafka, with sessions of the spec's own.
jest.setTimeout(120_000);

const SESSION_WAIT_MS = 2_000;

describe('sessions at the handshake and on refresh', () => {
  let keys: KeyPair;
  let running: RunningGateway;
  let publisher: Publisher;
  let sessions: TestSessions;
  const clients: TestClient[] = [];
  const gateways: RunningGateway[] = [];

  const connect = async (token: string, url = running.url) => {
    const client = TestClient.connect(url, token);
    clients.push(client);
    await client.ready();
    await eventually('welcome', () => client.of('welcome').length > 0);
    return client;
  };
  const upgrade = (token: string, url = running.url) =>
    refusal(url, { protocols: [WS_PROTOCOL, `bearer.${token}`] });

  beforeAll(async () => {
    keys = await generatePemKeyPair();
    running = await startGateway(keys, { GATEWAY_SESSION_WAIT_MS: String(SESSION_WAIT_MS) });
    gateways.push(running);
    publisher = await Publisher.create();
    sessions = new TestSessions(await tokenIssuer(keys), publisher);
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    await publisher?.close();
    for (const gateway of gateways) await gateway.app.close();
  });

  it('refuses a signed-out session at the next handshake with 401, after closing its socket with 4002', async () => {
    const alice = await sessions.signIn();
    const open = await connect(alice.token);

    await sessions.signOut(alice);

    expect((await open.closed).code).toBe(closeCodes.SESSION_REVOKED);
    expect(await upgrade(alice.token)).toEqual({
      status: 401,
      body: JSON.stringify({ statusCode: 401, message: 'session revoked' }),
    });
  });

  it('refuses a validly signed token of a session that never existed with 401', async () => {
    const forged = await sessions.unannounced();
    expect(await upgrade(forged.token)).toEqual({
      status: 401,
      body: JSON.stringify({ statusCode: 401, message: 'unknown session' }),
    });
  });

  it('lets in a client that connects before its SessionCreated reached the gateway', async () => {
    const bob = await sessions.unannounced();
    const client = TestClient.connect(running.url, bob.token);
    clients.push(client);
    await new Promise((resolve) => setTimeout(resolve, SESSION_WAIT_MS / 4));
    await publisher.sessionCreated(bob.studentId, bob.sessionId, bob);
    await client.ready();
    const welcome = await eventually('welcome', () => client.of('welcome')[0]);
    expect(welcome.studentId).toBe(bob.studentId);
  });

  describe('refresh', () => {
    it('rejects the token of a signed-out session: TOKEN_REJECTED, then 4003', async () => {
      const carol = await sessions.signIn();
      const client = await connect(carol.token);
      const old = await sessions.signIn(carol.studentId);
      // A socket of the old session shows when the gateway has seen it end.
      const witness = await connect(old.token);
      await sessions.signOut(old);
      expect((await witness.closed).code).toBe(closeCodes.SESSION_REVOKED);

      expect(await client.request({ op: 'refresh', id: 'r1', token: old.token })).toMatchObject({
        type: 'error',
        code: 'TOKEN_REJECTED',
        message: expect.stringContaining('session revoked'),
      });
      expect((await client.closed).code).toBe(closeCodes.TOKEN_REJECTED);
    });

    it('rejects the token of a session that never existed: TOKEN_REJECTED, then 4003', async () => {
      const dave = await sessions.signIn();
      const client = await connect(dave.token);
      const forged = await sessions.unannounced(dave.studentId);

      expect(await client.request({ op: 'refresh', id: 'r2', token: forged.token })).toMatchObject({
        type: 'error',
        code: 'TOKEN_REJECTED',
        message: expect.stringContaining('unknown session'),
      });
      expect((await client.closed).code).toBe(closeCodes.TOKEN_REJECTED);
    });
  });

  it('knows every session after a restart: an instance started later rebuilds them from session.events', async () => {
    const live = await sessions.signIn();
    const gone = await sessions.signIn();
    await sessions.signOut(gone);

    // No waiting for SessionCreated here: only what the new instance read at start can let a token in.
    const later = await startGateway(keys, { GATEWAY_SESSION_WAIT_MS: '1' });
    gateways.push(later);

    const client = await connect(live.token, later.url);
    expect(client.of('welcome')[0]).toMatchObject({ studentId: live.studentId });
    expect((await upgrade(gone.token, later.url)).body).toContain('session revoked');
    expect((await upgrade((await sessions.unannounced()).token, later.url)).body).toContain(
      'unknown session',
    );
  });
});
