import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { deadLetterTopicName, registrationStatusRow } from '@platform/contracts';
import {
  createKafkaClient,
  createMessage,
  deadLetterHeaders,
  MessageProducer,
  toOutboundMessage,
  toOutboxRecord,
  type ProducerPort,
} from '@platform/messaging';
import { ACTIVE_GENERATION_KEY, generationKeys, type ModuleSeatsView } from '@platform/read-models';
import { ConsumerReadiness } from '@platform/service-kit';
import { SessionTokenIssuer } from '@platform/session-tokens';
import { Redis } from 'ioredis';
import { SignJWT, UnsecuredJWT } from 'jose';
import { AppModule } from '../src/app.module';
import { Database } from '../src/database/database';
import { seedStudents } from '../src/database/seed';
import { buildOpenApiDocument } from '../src/openapi/openapi.document';
import type { RegistrationState } from '../src/registration/registration.aggregate';
import { ConcurrentAppendError, RegistrationEventStore } from '../src/registration/registration.event-store';
import {
  eventually,
  freshId,
  generatePemKeyPair,
  recordTopics,
  stackConfig,
  text,
  type KeyPair,
  type ReceivedRecord,
} from './support/stack';

// The service in process against the real stack: HTTP through fetch(), its outbox and event store
// published by Debezium, its status rows streamed by the CDC connector, commands produced to
// registration.commands and consumed by the service in a fresh group.
jest.setTimeout(240_000);

const CDC_TOPIC = 'cdc.registration.public.registration_status';
const DLQ_TOPIC = deadLetterTopicName('registration-service');
const PASSWORD = 'correct horse battery staple';

type Method = 'get' | 'post' | 'delete';
interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
}

describe('registration-service', () => {
  let keys: KeyPair;
  let app: INestApplication;
  let baseUrl: string;
  let producerPort: ProducerPort;
  let saga: MessageProducer;
  let redis: Redis;
  let reader: { records: ReceivedRecord[]; stop: () => Promise<void> };
  let restoreReadModel: () => Promise<void>;
  const alice = freshId('it-alice');
  const bob = freshId('it-bob');
  const moduleId = freshId('IT');
  const otherModuleId = freshId('IT2');
  /** Every (method, route template, status) the tests saw, checked against the OpenAPI document. */
  const seen: { method: Method; route: string; status: number }[] = [];

  async function call(
    method: Method,
    route: string,
    options: { path?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Answer> {
    const response = await fetch(`${baseUrl}${options.path ?? route}`, {
      method: method.toUpperCase(),
      headers: {
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    seen.push({ method, route, status: response.status });
    const raw = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: raw ? (JSON.parse(raw) as unknown) : undefined,
    };
  }

  async function signIn(studentId: string): Promise<string> {
    const answer = await call('post', '/sessions', { body: { studentId, password: PASSWORD } });
    expect(answer.status).toBe(201);
    return (answer.body as { token: string }).token;
  }

  const register = (token: string, body: unknown, headers?: Record<string, string>) =>
    call('post', '/registrations', { token, body, ...(headers ? { headers } : {}) });
  const registrationOf = (token: string, registrationId: string) =>
    call('get', '/registrations/{id}', { path: `/registrations/${registrationId}`, token });

  const events = (topic: string, type?: string, key?: string) =>
    reader.records.filter(
      (record) =>
        record.raw.topic === topic &&
        (type === undefined || record.message?.type === type) &&
        (key === undefined || text(record.raw.key) === key),
    );
  const cdcRows = (registrationId: string) =>
    reader.records
      .filter((record) => record.raw.topic === CDC_TOPIC)
      .map((record) => ({
        key: text(record.raw.key),
        value: JSON.parse(text(record.raw.value) ?? 'null') as Record<string, unknown>,
      }))
      .filter((row) => row.value?.['registration_id'] === registrationId);

  beforeAll(async () => {
    keys = await generatePemKeyPair();
    const config = {
      ...stackConfig(keys, { SNAPSHOT_EVERY: '2', SESSION_SWEEP_INTERVAL_MS: '200' }),
      httpPort: 0,
    };
    app = await NestFactory.create(
      AppModule.forRoot(config, {
        groupId: `test.registration-${randomUUID().slice(0, 8)}`,
        fromBeginning: false,
      }),
      { logger: process.env.TEST_NEST_LOGS ? undefined : false },
    );
    app.enableShutdownHooks();
    await app.listen(0, '127.0.0.1');
    app.get(ConsumerReadiness).markStarted();
    baseUrl = await app.getUrl();
    await seedStudents(
      app.get(Database),
      [alice, bob].map((studentId) => ({ studentId, displayName: studentId, password: PASSWORD })),
      { passwordHashCost: 4 },
    );

    // The module views go into the active read-model generation (a fresh one when there is none)
    // and are removed afterwards; nothing else in the shared Redis is touched.
    redis = new Redis({ host: config.redis.host, port: config.redis.port });
    const active = await redis.get(ACTIVE_GENERATION_KEY);
    const generation = active ?? `test-${randomUUID().slice(0, 8)}`;
    const view = (id: string, feeCents: number): ModuleSeatsView => ({
      moduleId: id,
      title: `Integration ${id}`,
      capacity: 5,
      reserved: 1,
      confirmed: 0,
      available: 4,
      fee: { amountCents: feeCents, currency: 'EUR' },
      version: 1,
      updatedAt: new Date().toISOString(),
    });
    const { modules } = generationKeys(generation);
    await redis.hset(modules, moduleId, JSON.stringify(view(moduleId, 25000)));
    await redis.hset(modules, otherModuleId, JSON.stringify(view(otherModuleId, 1000)));
    if (!active) await redis.set(ACTIVE_GENERATION_KEY, generation, 'NX');
    restoreReadModel = async () => {
      await redis.hdel(modules, moduleId, otherModuleId);
      if (!active && (await redis.get(ACTIVE_GENERATION_KEY)) === generation)
        await redis.del(ACTIVE_GENERATION_KEY);
    };

    reader = await recordTopics(
      config.kafka.client,
      config.kafka.brokers,
      ['registration.events', 'session.events', CDC_TOPIC, DLQ_TOPIC],
      ['registration.events', 'session.events'],
    );
    producerPort = await createKafkaClient(config.kafka.client, {
      brokers: config.kafka.brokers,
    }).createProducer({
      clientId: 'registration-test-producer',
    });
    saga = new MessageProducer('saga-coordinator', producerPort);

    // Both groups start at the end of their topics: sign in until the reader sees it, then
    // complete a probe registration until the service's answer arrives.
    await eventually(
      'the reader to be assigned',
      async () => {
        const token = await signIn(bob);
        const sessionId = JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString())
          .jti as string;
        return eventually(
          'a SessionCreated',
          () =>
            events('session.events', 'SessionCreated').some(
              (r) => (r.message?.data as { sessionId: string }).sessionId === sessionId,
            ),
          3_000,
        ).catch(() => false);
      },
      120_000,
    );
    const probeToken = await signIn(bob);
    const probe = (await register(probeToken, { moduleId: otherModuleId })).body as {
      registrationId: string;
    };
    await eventually(
      'the service to consume commands',
      async () => {
        await saga.send('CompleteRegistration', { registrationId: probe.registrationId, paymentId: 'probe' });
        return eventually(
          'the probe completed',
          () => events('registration.events', 'RegistrationCompleted', probe.registrationId).length > 0,
          3_000,
        ).catch(() => false);
      },
      120_000,
    );
  });

  afterAll(async () => {
    await restoreReadModel?.();
    redis?.disconnect();
    await reader?.stop();
    await producerPort?.close();
    await app?.close();
  });

  describe('sessions', () => {
    it('signs in with 201 and a 15-minute token, and announces SessionCreated on session.events', async () => {
      const answer = await call('post', '/sessions', { body: { studentId: alice, password: PASSWORD } });
      expect(answer.status).toBe(201);
      const { token, expiresAt } = answer.body as { token: string; expiresAt: string };
      expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(14 * 60_000);
      const claims = JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString()) as {
        sub: string;
        jti: string;
      };
      expect(claims.sub).toBe(alice);

      const created = await eventually('SessionCreated', () =>
        events('session.events', 'SessionCreated').find(
          (r) => (r.message?.data as { sessionId: string }).sessionId === claims.jti,
        ),
      );
      expect(created.message?.data).toEqual({
        studentId: alice,
        sessionId: claims.jti,
        createdAt: expect.any(String),
        expiresAt,
      });
      expect(text(created.raw.key)).toBe(alice);
    });

    it('refuses a wrong password and an unknown student with 401 and a reason, and a bad body with 400', async () => {
      const wrong = await call('post', '/sessions', { body: { studentId: alice, password: 'nope' } });
      const unknown = await call('post', '/sessions', {
        body: { studentId: freshId('nobody'), password: PASSWORD },
      });
      const bad = await call('post', '/sessions', { body: { studentId: alice } });

      expect(wrong).toMatchObject({
        status: 401,
        body: { statusCode: 401, message: 'unknown student or wrong password' },
      });
      expect(unknown.body).toEqual(wrong.body);
      expect(bad).toMatchObject({
        status: 400,
        body: {
          statusCode: 400,
          error: 'Bad Request',
          issues: [{ path: 'password', message: expect.any(String) }],
        },
      });
    });

    it('signs out with 204, refuses the revoked token with 401, and announces SessionRevoked', async () => {
      const token = await signIn(alice);
      expect((await call('get', '/students/me/registrations', { token })).status).toBe(200);

      expect((await call('delete', '/sessions/current', { token })).status).toBe(204);
      const refused = await call('get', '/students/me/registrations', { token });

      expect(refused).toMatchObject({ status: 401, body: { message: 'session revoked' } });
      expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
      const sessionId = JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString())
        .jti as string;
      const revoked = await eventually('SessionRevoked', () =>
        events('session.events', 'SessionRevoked').find(
          (r) => (r.message?.data as { sessionId: string }).sessionId === sessionId,
        ),
      );
      expect(revoked.message?.data).toMatchObject({ studentId: alice, reason: 'SIGNED_OUT' });
    });

    it('refuses no, expired, forged, alg-none and HS256 tokens with 401 invalid_token', async () => {
      const settings = {
        issuer: 'course-platform/registration-service',
        audience: 'course-platform',
        ttlSeconds: 900,
      };
      const genuine = await SessionTokenIssuer.fromPem(keys.privateKey, settings);
      const forger = await SessionTokenIssuer.fromPem((await generatePemKeyPair()).privateKey, settings);
      const session = { studentId: alice, sessionId: randomUUID() };
      const expired = (await genuine.issue(session, new Date(Date.now() - 20 * 60_000))).token;
      const forged = (await forger.issue(session)).token;
      const none = new UnsecuredJWT({ jti: session.sessionId })
        .setSubject(alice)
        .setIssuer(settings.issuer)
        .setAudience(settings.audience)
        .setIssuedAt()
        .setExpirationTime('15m')
        .encode();
      const hs256 = await new SignJWT({ jti: session.sessionId })
        .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
        .setSubject(alice)
        .setIssuer(settings.issuer)
        .setAudience(settings.audience)
        .setIssuedAt()
        .setExpirationTime('15m')
        .sign(new TextEncoder().encode(keys.publicKey));

      const answers = {
        missing: await call('get', '/students/me/registrations'),
        expired: await call('get', '/students/me/registrations', { token: expired }),
        forged: await call('get', '/students/me/registrations', { token: forged }),
        none: await call('get', '/students/me/registrations', { token: none }),
        hs256: await call('post', '/registrations', { token: hs256, body: { moduleId } }),
      };

      expect(Object.values(answers).map((answer) => answer.status)).toEqual([401, 401, 401, 401, 401]);
      for (const answer of Object.values(answers)) {
        expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
      }
      expect((answers.expired.body as { message: string }).message).toBe('token expired');
      expect((answers.forged.body as { message: string }).message).toBe('invalid token');
    });

    it('announces SessionExpired once for a lapsed session', async () => {
      const sessionId = randomUUID();
      await app.get(Database).query(
        `INSERT INTO sessions (session_id, student_id, issued_at, expires_at)
         VALUES ($1, $2, now() - interval '16 minutes', now() - interval '1 minute')`,
        [sessionId, alice],
      );
      const expiredOf = () =>
        events('session.events', 'SessionExpired').filter(
          (r) => (r.message?.data as { sessionId: string }).sessionId === sessionId,
        );

      await eventually('SessionExpired', () => expiredOf().length > 0);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(expiredOf()).toHaveLength(1);
      expect(expiredOf()[0]?.message?.data).toMatchObject({ studentId: alice, sessionId });
    });
  });

  describe('registrations', () => {
    let aliceToken: string;
    let bobToken: string;
    let registrationId: string;

    beforeAll(async () => {
      aliceToken = await signIn(alice);
      bobToken = await signIn(bob);
    });

    it('lists the modules of the read model without a token', async () => {
      const answer = await call('get', '/modules');

      expect(answer.status).toBe(200);
      expect((answer.body as { moduleId: string }[]).find((m) => m.moduleId === moduleId)).toEqual({
        moduleId,
        title: `Integration ${moduleId}`,
        capacity: 5,
        reserved: 1,
        confirmed: 0,
        available: 4,
        fee: { amountCents: 25000, currency: 'EUR' },
      });
    });

    it('accepts a registration with 202 and returns the same one for a repeated Idempotency-Key', async () => {
      const key = randomUUID();
      const first = await register(aliceToken, { moduleId }, { 'Idempotency-Key': key });
      const again = await register(aliceToken, { moduleId }, { 'Idempotency-Key': key });

      expect(first).toMatchObject({
        status: 202,
        body: { registrationId: expect.any(String), status: 'PENDING' },
      });
      expect(again).toMatchObject({ status: 202, body: first.body as object });
      registrationId = (first.body as { registrationId: string }).registrationId;
    });

    it('refuses a second active registration of the module (409), an unknown module (404) and bad input (400)', async () => {
      const conflict = await register(aliceToken, { moduleId });
      const unknown = await register(aliceToken, { moduleId: freshId('NOPE') });
      const missing = await register(aliceToken, {});
      const extra = await register(aliceToken, { moduleId, fee: 0 });
      const badKey = await register(aliceToken, { moduleId }, { 'Idempotency-Key': 'x'.repeat(201) });
      const badId = await call('get', '/registrations/{id}', {
        path: '/registrations/not-a-uuid',
        token: aliceToken,
      });

      expect(conflict).toMatchObject({
        status: 409,
        body: { statusCode: 409, message: 'already registered for this module' },
      });
      expect(unknown).toMatchObject({ status: 404, body: { statusCode: 404, message: 'unknown module' } });
      for (const answer of [missing, extra, badKey, badId]) {
        expect(answer).toMatchObject({
          status: 400,
          body: { statusCode: 400, error: 'Bad Request', issues: expect.any(Array) },
        });
      }
      expect((missing.body as { issues: { path: string }[] }).issues[0]?.path).toBe('moduleId');
    });

    it('shows the registration with its history to its owner only', async () => {
      const own = await registrationOf(aliceToken, registrationId);
      const foreign = await registrationOf(bobToken, registrationId);
      const unknown = await registrationOf(bobToken, randomUUID());
      const mine = await call('get', '/students/me/registrations', { token: aliceToken });

      expect(own).toMatchObject({
        status: 200,
        body: {
          registrationId,
          moduleId,
          status: 'PENDING',
          history: [{ type: 'RegistrationRequested', at: expect.any(String), version: 1 }],
        },
      });
      expect(foreign.status).toBe(404);
      expect(foreign.body).toEqual(unknown.body);
      expect(mine.body).toEqual([
        expect.objectContaining({ registrationId, moduleId, status: 'PENDING', version: 1 }),
      ]);
    });

    it('publishes RegistrationRequested on registration.events as a CloudEvent keyed by the registration', async () => {
      const [requested] = await eventually('RegistrationRequested', () => {
        const found = events('registration.events', 'RegistrationRequested', registrationId);
        return found.length > 0 && found;
      });
      const header = (name: string) => text(requested?.raw.headers[name]);

      expect(requested?.message?.data).toEqual({
        registrationId,
        studentId: alice,
        moduleId,
        fee: { amountCents: 25000, currency: 'EUR' },
        requestedAt: expect.any(String),
      });
      expect({
        ce_id: header('ce_id'),
        ce_type: header('ce_type'),
        ce_source: header('ce_source'),
        ce_specversion: header('ce_specversion'),
        ce_subject: header('ce_subject'),
        ce_dataschema: header('ce_dataschema'),
        'content-type': header('content-type'),
        correlation_id: header('correlation_id'),
      }).toEqual({
        ce_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        ce_type: 'RegistrationRequested',
        ce_source: '/services/registration-service',
        ce_specversion: '1.0',
        ce_subject: registrationId,
        ce_dataschema: 'urn:course-platform:schema:RegistrationRequested:1',
        'content-type': 'application/json',
        correlation_id: header('ce_id'),
      });
      expect(header('ce_time')).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(events('registration.events', 'RegistrationRequested', registrationId)).toHaveLength(1);
    });

    it('completes on CompleteRegistration: status, event, CDC row and a snapshot; a repeat changes nothing', async () => {
      const complete = createMessage('saga-coordinator', 'CompleteRegistration', {
        registrationId,
        paymentId: 'pay-1',
      });
      await producerPort.send([toOutboundMessage(complete)]);
      await producerPort.send([toOutboundMessage(complete)]);
      await saga.send('CompleteRegistration', { registrationId, paymentId: 'pay-1' });

      const [completed] = await eventually('RegistrationCompleted', () => {
        const found = events('registration.events', 'RegistrationCompleted', registrationId);
        return found.length > 0 && found;
      });
      expect(completed?.message?.envelope.causationId).toBe(complete.envelope.id);
      expect(completed?.message?.envelope.correlationId).toBe(complete.envelope.correlationId);

      const cdc = await eventually('the COMPLETED row on the CDC topic', () =>
        cdcRows(registrationId).find((row) => row.value['status'] === 'COMPLETED'),
      );
      // Keyed by the row's primary key, the registration id itself (ExtractField$Key).
      expect(cdc.key).toBe(registrationId);
      expect(registrationStatusRow.parse(cdc.value)).toEqual({
        registration_id: registrationId,
        student_id: alice,
        module_id: moduleId,
        status: 'COMPLETED',
        reason: null,
        version: 2,
        updated_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
        // No tracing SDK runs in this process, so the write had no trace context to keep.
        traceparent: null,
        __op: 'u',
        __lsn: expect.any(Number),
        __source_ts_ms: expect.any(Number),
        __deleted: false,
      });
      expect(cdcRows(registrationId).map((row) => [row.value['__op'], row.value['status']])).toEqual(
        expect.arrayContaining([['c', 'PENDING']]),
      );

      expect((await registrationOf(aliceToken, registrationId)).body).toMatchObject({
        status: 'COMPLETED',
        history: [
          { type: 'RegistrationRequested', version: 1 },
          { type: 'RegistrationCompleted', version: 2 },
        ],
      });
      const snapshot = await app
        .get(Database)
        .query('SELECT version, state FROM registration_snapshots WHERE stream_id = $1', [registrationId]);
      expect(snapshot.rows).toEqual([
        { version: 2, state: expect.objectContaining({ status: 'COMPLETED', version: 2 }) },
      ]);

      // The redelivery and the second command were applied by now (one key, one partition, in order).
      await saga.send('CancelRegistration', { registrationId, reason: 'TIMEOUT' });
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect(events('registration.events', undefined, registrationId).map((r) => r.message?.type)).toEqual([
        'RegistrationRequested',
        'RegistrationCompleted',
      ]);
      expect((await registrationOf(aliceToken, registrationId)).body).toMatchObject({ status: 'COMPLETED' });
    });

    it('cancels on CancelRegistration with the reason, and then lets the student register for the module again', async () => {
      const pending = (await register(bobToken, { moduleId })).body as { registrationId: string };
      await saga.send('CancelRegistration', { registrationId: pending.registrationId, reason: 'NO_SEAT' });
      await saga.send('CancelRegistration', { registrationId: pending.registrationId, reason: 'TIMEOUT' });

      const cancelled = await eventually(
        'RegistrationCancelled',
        () => events('registration.events', 'RegistrationCancelled', pending.registrationId)[0],
      );
      expect(cancelled.message?.data).toMatchObject({
        registrationId: pending.registrationId,
        studentId: bob,
        moduleId,
        reason: 'NO_SEAT',
      });
      const row = await eventually('the CANCELLED row on the CDC topic', () =>
        cdcRows(pending.registrationId).find((r) => r.value['status'] === 'CANCELLED'),
      );
      expect(row.value).toMatchObject({ reason: 'NO_SEAT', version: 2 });
      await eventually(
        'the registration cancelled',
        async () =>
          ((await registrationOf(bobToken, pending.registrationId)).body as { status: string }).status ===
          'CANCELLED',
      );
      expect((await registrationOf(bobToken, pending.registrationId)).body).toMatchObject({
        reason: 'NO_SEAT',
      });

      expect((await register(bobToken, { moduleId })).status).toBe(202);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(events('registration.events', 'RegistrationCancelled', pending.registrationId)).toHaveLength(1);
    });

    it('dead-letters a command for an unknown registration with the cause', async () => {
      const command = createMessage('saga-coordinator', 'CompleteRegistration', {
        registrationId: randomUUID(),
        paymentId: 'pay-x',
      });
      await producerPort.send([toOutboundMessage(command)]);

      const parked = await eventually('the dead letter', () =>
        events(DLQ_TOPIC).find((record) => text(record.raw.headers['ce_id']) === command.envelope.id),
      );
      expect(text(parked.raw.headers[deadLetterHeaders.error])).toContain('unknown registration');
      expect(text(parked.raw.headers[deadLetterHeaders.errorClass])).toBe('NonRetriableError');
    });

    it('lets exactly one of two concurrent appends at the same version win', async () => {
      const { registrationId: streamId } = (await register(aliceToken, { moduleId: otherModuleId })).body as {
        registrationId: string;
      };
      const store = app.get(RegistrationEventStore);
      const db = app.get(Database);
      const record = () =>
        toOutboxRecord(
          createMessage('registration-service', 'RegistrationCompleted', {
            registrationId: streamId,
            studentId: alice,
            moduleId: otherModuleId,
            completedAt: new Date().toISOString(),
          }),
        );

      const completed: RegistrationState = {
        registrationId: streamId,
        studentId: alice,
        moduleId: otherModuleId,
        fee: { amountCents: 1, currency: 'EUR' },
        status: 'COMPLETED',
        requestedAt: new Date().toISOString(),
        version: 2,
      };
      const outcomes = await Promise.allSettled([
        db.transaction((tx) => store.append(tx, completed, 1, [record()])),
        db.transaction((tx) => store.append(tx, completed, 1, [record()])),
      ]);

      expect(
        outcomes
          .filter((o) => o.status === 'fulfilled')
          .map((o) => (o as PromiseFulfilledResult<number>).value),
      ).toEqual([2]);
      const rejected = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(rejected?.reason).toBeInstanceOf(ConcurrentAppendError);
      const versions = await db.query(
        'SELECT version FROM registration_events WHERE stream_id = $1 ORDER BY version',
        [streamId],
      );
      expect(versions.rows).toEqual([{ version: 1 }, { version: 2 }]);
    });

    it('keeps the event store append-only', async () => {
      await expect(
        app.get(Database).query('DELETE FROM registration_events WHERE stream_id = $1', [registrationId]),
      ).rejects.toThrow(/append-only/);
    });
  });

  it('reports ready, counts requests in /metrics, and answers only with documented status codes', async () => {
    expect(await call('get', '/health/ready')).toMatchObject({
      status: 200,
      body: { status: 'ok', checks: { database: 'up', consumer: 'up' } },
    });
    expect((await call('get', '/health/live')).status).toBe(200);
    const metrics = await fetch(`${baseUrl}/metrics`).then((response) => response.text());
    expect(metrics).toMatch(
      /http_request_duration_seconds_count\{method="POST",route="\/registrations",status_code="202"\}/,
    );
    expect(metrics).toMatch(/registrations_requested_total\{outcome="replayed"\} [1-9]/);
    const served = await call('get', '/openapi.json');
    expect(served.body).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument())));

    const document = buildOpenApiDocument();
    const undocumented = seen.filter(
      ({ method, route, status }) => !(document.paths?.[route]?.[method]?.responses ?? {})[String(status)],
    );
    expect(undocumented).toEqual([]);
    expect(new Set(seen.map((s) => s.status))).toEqual(new Set([200, 201, 202, 204, 400, 401, 404, 409]));
  });
});
