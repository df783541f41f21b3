import { eventually } from '@platform/testing';
import { mapWithLimit } from './support/concurrency';
import { e2eServices } from './support/e2e-platform';
import { PlatformTruth } from './support/platform-truth';
import { connectReadModels } from './support/read-model-client';
import { RegistrationApi } from './support/registration-api';
import { freshId, moduleVisible, settled } from './support/scenario';
import { ensureStudents } from './support/students';

jest.setTimeout(600_000);

// Promise 1 of ARCHITECTURE.md under a surge: every service a separate process, real Kafka,
// Debezium, Postgres and Redis; only HTTP in and the databases and read models to look at.
describe('a registration surge', () => {
  const services = e2eServices();
  const api = new RegistrationApi(services.get('registration-service').url);
  const truth = new PlatformTruth();
  const { reader, redis } = connectReadModels();

  afterAll(async () => {
    await truth.close();
    redis.disconnect();
  });

  it('gives 50 seats to exactly 50 of 300 students and cancels the rest with NO_SEAT', async () => {
    const moduleId = freshId('SURGE');
    await truth.createModule({ moduleId, capacity: 50, feeCents: 4200 });
    await moduleVisible(reader, moduleId);
    const students = await ensureStudents(freshId('surge'), 300);
    const tokens = await mapWithLimit(students, 16, (studentId) => api.signIn(studentId));

    // Sample both sides all through the surge: no count may ever leave [0, capacity].
    const violations: string[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const [row, view] = await Promise.all([truth.moduleCounts(moduleId), reader.module(moduleId)]);
        for (const [side, counts] of [
          ['postgres', row],
          ['redis', view],
        ] as const) {
          if (!counts) continue;
          const held = counts.reserved + counts.confirmed;
          if (counts.reserved < 0 || counts.confirmed < 0 || held > counts.capacity) {
            violations.push(`${side}: ${JSON.stringify(counts)}`);
          }
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    })();

    const accepted = await Promise.all(tokens.map((token) => api.register(token, moduleId)));
    expect(accepted.map((response) => response.status)).toEqual(tokens.map(() => 202));

    const outcomes = await mapWithLimit(accepted, 16, (response, i) =>
      settled(api, tokens[i] as string, response.body.registrationId, 300_000),
    );
    sampling = false;
    await sampler;

    const completed = outcomes.filter((outcome) => outcome.status === 'COMPLETED');
    const cancelled = outcomes.filter((outcome) => outcome.status === 'CANCELLED');
    expect(completed).toHaveLength(50);
    expect(cancelled).toHaveLength(250);
    expect(new Set(cancelled.map((outcome) => outcome.reason))).toEqual(new Set(['NO_SEAT']));
    expect(violations).toEqual([]);

    expect(await truth.moduleCounts(moduleId)).toMatchObject({ capacity: 50, reserved: 0, confirmed: 50 });
    const view = await eventually('the read model to show the module full', async () => {
      const current = await reader.module(moduleId);
      return current?.confirmed === 50 && current.reserved === 0 ? current : undefined;
    });
    expect(view.available).toBe(0);
  });
});
