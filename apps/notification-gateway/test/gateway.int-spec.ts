import { randomBytes, randomUUID } from 'node:crypto';
import { connect as connectTcp } from 'node:net';
import { closeCodes } from '@platform/contracts';
import {
  ACTIVE_GENERATION_KEY,
  projectModuleRow,
  ProjectionStore,
  ReadModelReader,
} from '@platform/read-models';
import { readStackEndpoints } from '@platform/stack-endpoints';
import type { SessionTokenIssuer } from '@platform/session-tokens';
import { Redis } from 'ioredis';
import {
  ALLOWED_ORIGIN,
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

// The gateway in process against the real Kafka and Redis: it reads realtime.updates and
// session.events in a consumer group of its own, and the spec publishes for module ids, students
// and sessions of its own only.
jest.setTimeout(120_000);

describe('notification-gateway', () => {
  const run = `GW${randomUUID().slice(0, 6)}`;
  const moduleId = (name: string) => `${run}-${name}`;
  let keys: KeyPair;
  let issuer: SessionTokenIssuer;
  let running: RunningGateway;
  let publisher: Publisher;
  let sessions: TestSessions;
  const clients: TestClient[] = [];

  const tokenFor = (studentId?: string, ttlSeconds?: number) => sessions.signIn(studentId, ttlSeconds);
  const connect = async (token: string) => {
    const client = TestClient.connect(running.url, token);
    clients.push(client);
    await client.ready();
    await eventually('welcome', () => client.of('welcome').length > 0);
    return client;
  };
  /** Subscribes and waits until the catch-up is over: a probe event on the channel arrives live. */
  const subscribeLive = async (client: TestClient, channel: string, probeModule: string, extra = {}) => {
    expect(await client.request({ op: 'subscribe', id: `sub-${channel}`, channel, ...extra })).toMatchObject({
      type: 'ack',
    });
    await eventually('the probe event', async () => {
      await publisher.seats(probeModule, 0);
      await new Promise((resolve) => setTimeout(resolve, 300));
      return client.events(`module:${probeModule}`).length > 0;
    });
  };

  beforeAll(async () => {
    keys = await generatePemKeyPair();
    issuer = await tokenIssuer(keys);
    running = await startGateway(keys, {
      GATEWAY_MAX_SUBSCRIPTIONS: '4',
      GATEWAY_RATE_LIMIT_PER_SECOND: '30',
      GATEWAY_PING_INTERVAL_MS: '300',
    });
    publisher = await Publisher.create();
    sessions = new TestSessions(issuer, publisher);
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    await publisher?.close();
    await running?.app.close();
  });

  describe('handshake', () => {
    it('refuses a bad token with 401 and a bad origin with 403, with the reason', async () => {
      const { token } = await tokenFor();
      const otherKeys = await generatePemKeyPair();
      const forged = await (await tokenIssuer(otherKeys)).issue({ studentId: 's', sessionId: 'x' });

      const badToken = await refusal(running.url, {
        protocols: ['course-platform.v1', `bearer.${forged.token}`],
      });
      expect(badToken.status).toBe(401);
      expect(badToken.body).toContain('invalid token');
      expect((await refusal(running.url, { protocols: ['course-platform.v1'] })).status).toBe(401);

      const badOrigin = await refusal(running.url, {
        protocols: ['course-platform.v1', `bearer.${token}`],
        headers: { Origin: 'https://evil.example' },
      });
      expect(badOrigin.status).toBe(403);
      expect(badOrigin.body).toContain('https://evil.example');
    });

    it('accepts a good token from an allowed origin, or from ?access_token=', async () => {
      const { token, studentId } = await tokenFor();
      const client = TestClient.connect(running.url, token, { Origin: ALLOWED_ORIGIN });
      clients.push(client);
      await client.ready();
      expect(client.socket.protocol).toBe('course-platform.v1');
      await eventually('welcome', () => client.of('welcome')[0]);
      expect(client.of('welcome')[0]).toMatchObject({ studentId });

      const viaQuery = new TestClient(
        new (await import('ws')).default(`${running.url}?access_token=${token}`),
      );
      clients.push(viaQuery);
      await viaQuery.ready();
      await eventually('welcome', () => viaQuery.of('welcome')[0]);
    });
  });

  describe('liveness', () => {
    it('keeps a client that answers pings and terminates one that does not', async () => {
      const { token } = await tokenFor();
      const answering = await connect(token);
      const url = new URL(running.url);
      const silent = connectTcp(Number(url.port));
      silent.write(
        `GET /ws?access_token=${token} HTTP/1.1\r\nHost: ${url.host}\r\nUpgrade: websocket\r\n` +
          `Connection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n` +
          `Sec-WebSocket-Version: 13\r\n\r\n`,
      );
      let received = '';
      silent.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
      await eventually('the upgrade', () => received.startsWith('HTTP/1.1 101'));
      await new Promise<void>((resolve) => silent.on('close', () => resolve()));
      expect(answering.socket.readyState).toBe(answering.socket.OPEN);
    });
  });

  describe('sessions', () => {
    it('closes with 4001 when the token expires without a refresh', async () => {
      const { token } = await tokenFor(undefined, 2);
      const client = await connect(token);
      expect((await client.closed).code).toBe(closeCodes.SESSION_EXPIRED);
    });

    it('closes the sockets of a revoked session with 4002 and of an expired one with 4001', async () => {
      const revoked = await tokenFor();
      const expired = await tokenFor();
      const other = await tokenFor(revoked.studentId);
      const [a, b, c] = [
        await connect(revoked.token),
        await connect(expired.token),
        await connect(other.token),
      ];
      await publisher.sessionEnded('SessionRevoked', revoked.studentId, revoked.sessionId);
      await publisher.sessionEnded('SessionExpired', expired.studentId, expired.sessionId);
      expect((await a.closed).code).toBe(closeCodes.SESSION_REVOKED);
      expect((await b.closed).code).toBe(closeCodes.SESSION_EXPIRED);
      expect(c.socket.readyState).toBe(c.socket.OPEN);
    });

    it('keeps subscriptions on a refresh of the same student and closes 4003 on another student', async () => {
      const first = await tokenFor(undefined, 3);
      const client = await connect(first.token);
      await subscribeLive(client, `modules:${moduleId('refresh')}`, moduleId('refresh'));
      const again = await tokenFor(first.studentId);
      expect(await client.request({ op: 'refresh', id: 'r1', token: again.token })).toMatchObject({
        type: 'ack',
      });
      await new Promise((resolve) => setTimeout(resolve, 3_500));
      const before = client.events().length;
      await publisher.seats(moduleId('refresh'), 4);
      await eventually('the event after the refresh', () => client.events().length > before);

      const stranger = await tokenFor();
      client.send({ op: 'refresh', id: 'r2', token: stranger.token });
      expect((await client.closed).code).toBe(closeCodes.TOKEN_REJECTED);
      expect(client.of('error').find((e) => e.id === 'r2')).toMatchObject({ code: 'TOKEN_REJECTED' });
    });
  });

  describe('requests', () => {
    it('answers every request with an ack or an error with a reason, and limits subscriptions', async () => {
      const client = await connect((await tokenFor()).token);
      expect(await client.request({ op: 'subscribe', id: 'a', channel: 'payments' })).toMatchObject({
        type: 'error',
        code: 'UNKNOWN_CHANNEL',
      });
      expect(
        await client.request({ op: 'subscribe', id: 'b', channel: 'modules', bogus: true }),
      ).toMatchObject({
        type: 'error',
        code: 'BAD_REQUEST',
      });
      expect(await client.request({ op: 'unsubscribe', id: 'c', channel: 'modules:nope' })).toMatchObject({
        type: 'error',
        code: 'NOT_SUBSCRIBED',
      });
      for (const n of [1, 2, 3, 4])
        expect(
          await client.request({ op: 'subscribe', id: `s${n}`, channel: `modules:${moduleId(`lim${n}`)}` }),
        ).toMatchObject({
          type: 'ack',
        });
      expect(
        await client.request({ op: 'subscribe', id: 's5', channel: `modules:${moduleId('lim5')}` }),
      ).toMatchObject({
        type: 'error',
        code: 'TOO_MANY_SUBSCRIPTIONS',
      });
      expect(
        await client.request({ op: 'unsubscribe', id: 'u1', channel: `modules:${moduleId('lim1')}` }),
      ).toMatchObject({
        type: 'ack',
        op: 'unsubscribe',
      });
    });

    it('closes 1008 on a frame that is not JSON and on too many messages a second', async () => {
      const garbled = await connect((await tokenFor()).token);
      garbled.socket.send('not json');
      expect((await garbled.closed).code).toBe(closeCodes.POLICY_VIOLATION);

      const chatty = await connect((await tokenFor()).token);
      for (let n = 0; n < 100; n += 1) chatty.send({ op: 'unsubscribe', id: `x${n}`, channel: 'modules' });
      expect((await chatty.closed).code).toBe(closeCodes.POLICY_VIOLATION);
    });

    it('closes 1009 on a frame above the maximum size', async () => {
      const client = await connect((await tokenFor()).token);
      client.socket.send(JSON.stringify({ op: 'refresh', id: 'big', token: 'x'.repeat(17 * 1024) }));
      expect((await client.closed).code).toBe(closeCodes.MESSAGE_TOO_BIG);
    });
  });

  describe('filters', () => {
    it('delivers exactly what each subscription and filter asks for', async () => {
      const me = await tokenFor();
      const exact = await connect((await tokenFor()).token);
      const pattern = await connect(me.token);
      await subscribeLive(exact, `modules:${moduleId('fa')}`, moduleId('fa'));
      await subscribeLive(pattern, `modules:${run}-f*`, moduleId('fprobe'), {
        filter: { availableAtMost: 2 },
      });
      expect(
        await pattern.request({ op: 'subscribe', id: 'mine', channel: 'registrations:me' }),
      ).toMatchObject({ type: 'ack' });
      await eventually('the registrations snapshot', () =>
        pattern.of('snapshot').find((s) => s.channel === `student:${me.studentId}`),
      );
      const startExact = exact.events().length;
      const startPattern = pattern.events().length;

      await publisher.seats(moduleId('fa'), 5);
      await publisher.seats(moduleId('fa'), 1);
      await publisher.seats(moduleId('fb'), 0);
      await publisher.seats(moduleId('xb'), 0);
      await publisher.status(me.studentId, `reg-${run}`, moduleId('fa'), 'COMPLETED');
      await publisher.status(`someone-else-${run}`, `reg2-${run}`, moduleId('fa'), 'PENDING');
      await publisher.seats(moduleId('fa'), 2);

      await eventually('the last seat event', () =>
        pattern.events(`module:${moduleId('fa')}`).find((e) => e.event.data['available'] === 2),
      );
      await eventually('the exact subscription', () => exact.events().length - startExact >= 3);
      await new Promise((resolve) => setTimeout(resolve, 500));

      const summary = (client: TestClient, from: number) =>
        client
          .events()
          .slice(from)
          .map(
            (e) =>
              `${e.subscription} ${e.channel} ${e.event.type} ${e.event.data['available'] ?? e.event.data['status']}`,
          );
      expect(summary(exact, startExact)).toEqual([
        `modules:${moduleId('fa')} module:${moduleId('fa')} SeatAvailableChanged 5`,
        `modules:${moduleId('fa')} module:${moduleId('fa')} SeatAvailableChanged 1`,
        `modules:${moduleId('fa')} module:${moduleId('fa')} SeatAvailableChanged 2`,
      ]);
      // Order holds within a channel; channels on different partitions may interleave either way.
      const byChannel = (lines: string[]) =>
        lines.reduce<Record<string, string[]>>((groups, line) => {
          const channel = line.split(' ')[1] as string;
          (groups[channel] ??= []).push(line);
          return groups;
        }, {});
      expect(byChannel(summary(pattern, startPattern))).toEqual(
        byChannel([
          `modules:${run}-f* module:${moduleId('fa')} SeatAvailableChanged 1`,
          `modules:${run}-f* module:${moduleId('fb')} SeatAvailableChanged 0`,
          `registrations:me student:${me.studentId} RegistrationStatusChanged COMPLETED`,
          `modules:${run}-f* module:${moduleId('fa')} SeatAvailableChanged 2`,
        ]),
      );
      // Offsets only grow within a channel.
      const offsets = exact.events(`module:${moduleId('fa')}`).map((e) => BigInt(e.offset));
      expect([...offsets].sort((a, b) => (a < b ? -1 : 1))).toEqual(offsets);
    });
  });

  describe('resume and snapshots', () => {
    it('fills a gap from the log: exactly the events published while away', async () => {
      const { token } = await tokenFor();
      const id = moduleId('resume');
      const channel = `module:${id}`;
      const first = await connect(token);
      await subscribeLive(first, `modules:${id}`, id);
      const last = first.events(channel).at(-1)!;
      first.close();
      await first.closed;

      await publisher.seats(id, 7);
      await publisher.seats(id, 6);
      await publisher.seats(id, 5);

      const second = await connect(token);
      expect(
        await second.request({
          op: 'subscribe',
          id: 'again',
          channel: `modules:${id}`,
          resume: { [channel]: { epoch: last.epoch, offset: last.offset } },
        }),
      ).toMatchObject({ type: 'ack' });
      await eventually('three replayed events', () => second.events(channel).length >= 3);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(second.of('snapshot')).toEqual([]);
      const replayed = second.events(channel);
      expect(replayed.map((e) => e.event.data['available'])).toEqual([7, 6, 5]);
      expect(replayed.every((e) => e.epoch === last.epoch && BigInt(e.offset) > BigInt(last.offset))).toBe(
        true,
      );

      await publisher.seats(id, 4);
      await eventually('the live event after the replay', () => second.events(channel).length === 4);
      expect(second.events(channel).map((e) => e.event.data['available'])).toEqual([7, 6, 5, 4]);
    });

    describe('from the read model', () => {
      const redis = new Redis(readStackEndpoints().redis.port, readStackEndpoints().redis.host);
      const store = new ProjectionStore(redis);
      const id = moduleId('snap');
      let generation: string;
      // On a fresh stack no projector has run yet: the spec then makes (and later removes) one.
      let ownGeneration = false;

      beforeAll(async () => {
        const active = await store.activeGeneration();
        ownGeneration = active === undefined;
        generation = active ?? `gateway-spec-${randomUUID().slice(0, 8)}`;
        if (ownGeneration) {
          await store.openGeneration(generation);
          await store.switchActive(generation);
        }
        await store.apply(
          { generation },
          projectModuleRow({
            module_id: id,
            title: 'Snapshots',
            capacity: 30,
            reserved: 4,
            confirmed: 6,
            fee_cents: 0,
            currency: 'EUR',
            updated_at: new Date().toISOString(),
            __lsn: 1_000,
            __deleted: false,
          } as Parameters<typeof projectModuleRow>[0]),
        );
        expect(await new ReadModelReader(redis).module(id)).toBeDefined();
      });

      afterAll(async () => {
        if (ownGeneration) {
          await redis.del(ACTIVE_GENERATION_KEY);
          await store.dropGeneration(generation);
        } else if (generation) {
          await store.apply({ generation }, { model: 'modules', id, version: 1_001, view: null });
        }
        await redis.quit();
      });

      it.each([
        ['another epoch', (epoch: string) => ({ epoch: `${epoch}-old`, offset: '1' })],
        ['a position the log does not hold', (epoch: string) => ({ epoch, offset: '999999999999' })],
      ])('answers a resume from %s with a snapshot, then continues live', async (_what, position) => {
        const client = await connect((await tokenFor()).token);
        await subscribeLive(client, `modules:${moduleId('epochprobe')}`, moduleId('epochprobe'));
        const epoch = client.events().at(-1)!.epoch.replace(/:\d+$/, ':0');
        expect(
          await client.request({
            op: 'subscribe',
            id: 'resume',
            channel: `modules:${id}`,
            resume: { [`module:${id}`]: position(epoch) },
          }),
        ).toMatchObject({ type: 'ack' });
        const snapshot = await eventually('the snapshot', () =>
          client.of('snapshot').find((s) => s.channel === `module:${id}`),
        );
        expect(snapshot.seats).toEqual([
          {
            moduleId: id,
            title: 'Snapshots',
            capacity: 30,
            reserved: 4,
            confirmed: 6,
            available: 20,
            version: 1_000,
          },
        ]);
        expect(snapshot.epoch).toMatch(/^[^:]+:\d+$/);
        await publisher.seats(id, 19, 30);
        const live = await eventually('the live event', () => client.events(`module:${id}`)[0]);
        expect(BigInt(live.offset)).toBeGreaterThan(BigInt(snapshot.offset));
        expect(live.epoch).toBe(snapshot.epoch);
      });

      it('sends a snapshot first when subscribing without resume', async () => {
        const client = await connect((await tokenFor()).token);
        client.send({ op: 'subscribe', id: 'plain', channel: `modules:${id}` });
        const snapshot = await eventually('the snapshot', () => client.of('snapshot')[0]);
        expect(snapshot).toMatchObject({ subscription: `modules:${id}`, channel: `module:${id}` });
        expect(snapshot.seats?.[0]?.available).toBe(20);
      });
    });
  });
});
