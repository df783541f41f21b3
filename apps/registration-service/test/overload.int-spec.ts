import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../src/app.module';
import { Database } from '../src/database/database';
import { seedStudents } from '../src/database/seed';
import { buildOpenApiDocument } from '../src/openapi/openapi.document';
import { hashPassword } from '../src/sessions/password.hasher';
import { freshId, generatePemKeyPair, stackConfig } from './support/stack';

// Overload answers of the service in process, with limits small enough to reach: 429 from the
// throttler (per student when signed in, per address otherwise) and 503 from the in-flight limit.
jest.setTimeout(120_000);

const PASSWORD = 'overload-password';

async function startApp(env: Record<string, string>): Promise<{ app: INestApplication; baseUrl: string }> {
  const config = { ...stackConfig(await generatePemKeyPair(), env), httpPort: 0 };
  const app = await NestFactory.create(
    AppModule.forRoot(config, {
      groupId: `test.registration-overload-${randomUUID().slice(0, 8)}`,
      fromBeginning: false,
    }),
    { logger: process.env.TEST_NEST_LOGS ? undefined : false },
  );
  await app.listen(0, '127.0.0.1');
  return { app, baseUrl: await app.getUrl() };
}

const documented = (route: string, method: 'get' | 'post', status: number) =>
  Boolean(buildOpenApiDocument().paths?.[route]?.[method]?.responses?.[String(status)]);

describe('registration-service under overload', () => {
  const students = [freshId('ov-a'), freshId('ov-b')];

  describe('throttling', () => {
    let app: INestApplication;
    let baseUrl: string;

    beforeAll(async () => {
      ({ app, baseUrl } = await startApp({
        THROTTLE_LIMIT_PER_ADDRESS: '3',
        THROTTLE_LIMIT_PER_STUDENT: '2',
      }));
      await seedStudents(
        app.get(Database),
        students.map((studentId) => ({ studentId, displayName: studentId, password: PASSWORD })),
        { passwordHashCost: 4 },
      );
    });

    afterAll(() => app?.close());

    it('throttles anonymous requests per address and signed-in ones per student, with Retry-After', async () => {
      const signIn = (studentId: string) =>
        fetch(`${baseUrl}/sessions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ studentId, password: PASSWORD }),
        }).then(async (response) => ((await response.json()) as { token: string }).token);
      const [tokenA, tokenB] = [await signIn(students[0] as string), await signIn(students[1] as string)];
      const mine = (token: string) =>
        fetch(`${baseUrl}/students/me/registrations`, { headers: { authorization: `Bearer ${token}` } });

      // Each route has its own bucket per tracker: three anonymous GET /modules pass, the fourth not.
      for (let i = 0; i < 3; i += 1) expect((await fetch(`${baseUrl}/modules`)).status).toBe(200);
      const throttled = await fetch(`${baseUrl}/modules`);
      expect(throttled.status).toBe(429);
      expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await throttled.json()).toMatchObject({ statusCode: 429, message: 'too many requests' });

      expect([(await mine(tokenA)).status, (await mine(tokenA)).status, (await mine(tokenA)).status]).toEqual(
        [200, 200, 429],
      );
      expect((await mine(tokenB)).status).toBe(200);
      expect((await fetch(`${baseUrl}/health/ready`)).status).not.toBe(429);
      expect(documented('/modules', 'get', 429) && documented('/students/me/registrations', 'get', 429)).toBe(
        true,
      );
    });
  });

  describe('the in-flight limit', () => {
    let app: INestApplication;
    let baseUrl: string;

    beforeAll(async () => {
      ({ app, baseUrl } = await startApp({ MAX_IN_FLIGHT_REQUESTS: '1' }));
      // An expensive hash keeps each sign-in in flight long enough for the others to arrive.
      await seedStudents(
        app.get(Database),
        [{ studentId: students[0] as string, displayName: 'a', password: PASSWORD }],
        {
          passwordHashCost: 4,
        },
      );
      await app
        .get(Database)
        .query(`UPDATE students SET password_hash = $2 WHERE student_id = $1`, [
          students[0],
          await hashPassword(PASSWORD, 16),
        ]);
    });

    afterAll(() => app?.close());

    it('refuses requests beyond it at once with 503 and Retry-After, and serves the rest', async () => {
      const answers = await Promise.all(
        Array.from({ length: 8 }, () =>
          fetch(`${baseUrl}/sessions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ studentId: students[0], password: PASSWORD }),
          }).then(async (response) => ({
            status: response.status,
            retryAfter: response.headers.get('retry-after'),
            body: (await response.json()) as { message: string },
          })),
        ),
      );

      const refused = answers.filter((answer) => answer.status === 503);
      expect(answers.filter((answer) => answer.status === 201).length).toBeGreaterThanOrEqual(1);
      expect(refused.length).toBeGreaterThanOrEqual(1);
      expect(refused[0]).toMatchObject({
        retryAfter: '1',
        body: { message: 'too many requests in progress' },
      });
      expect(answers.every((answer) => [201, 503].includes(answer.status))).toBe(true);
      expect((await fetch(`${baseUrl}/health/live`)).status).toBe(200);
      expect(documented('/sessions', 'post', 503)).toBe(true);
    });
  });
});
