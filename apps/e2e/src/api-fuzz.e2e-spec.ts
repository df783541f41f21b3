import { eventually } from '@platform/testing';
import { e2eServices } from './support/e2e-platform';
import { PlatformTruth } from './support/platform-truth';
import { connectReadModels } from './support/read-model-client';
import { RegistrationApi } from './support/registration-api';
import { freshId, isTerminal, moduleVisible } from './support/scenario';
import { runSchemathesis } from './support/schemathesis';
import { ensureStudents } from './support/students';

jest.setTimeout(360_000);

// Schemathesis generates requests from the OpenAPI document registration-service serves (valid and
// invalid bodies, paths and headers, and chains along the document's links) and checks every
// answer against that document: no 5xx, and status code, content type, headers and body as documented.
describe('registration-service HTTP API fuzzed against its OpenAPI document', () => {
  const services = e2eServices();
  const baseUrl = services.get('registration-service').url;
  const api = new RegistrationApi(baseUrl);
  const truth = new PlatformTruth();
  const { reader, redis } = connectReadModels();
  let token: string;
  let signOutToken: string;

  beforeAll(async () => {
    // At least one module is listed whatever ran before, so registrations can be accepted and read.
    const moduleId = freshId('FUZZ');
    await truth.createModule({ moduleId, capacity: 1000, feeCents: 1500 });
    await moduleVisible(reader, moduleId);
    const [studentId] = await ensureStudents(freshId('fuzz'), 1);
    token = await api.signIn(studentId as string);
    signOutToken = await api.signIn(studentId as string);
  });

  afterAll(async () => {
    await truth.close();
    redis.disconnect();
  });

  it('answers every generated request as the document says', async () => {
    const run = await runSchemathesis(
      `${baseUrl}/openapi.json`,
      ['--url', baseUrl],
      { FUZZ_TOKEN: token, FUZZ_SIGN_OUT_TOKEN: signOutToken },
      300_000,
    );

    expect({ exitCode: run.exitCode, report: run.exitCode === 0 ? 'passed' : run.output }).toEqual({
      exitCode: 0,
      report: 'passed',
    });
  });

  it('completes or cancels every registration the fuzzer had accepted', async () => {
    const mine = await eventually(
      'every fuzzed registration to end',
      async () => {
        const response = await api.myRegistrations(token);
        return response.status === 200 && response.body.every(isTerminal) ? response.body : undefined;
      },
      120_000,
    );

    expect(mine.length).toBeGreaterThan(0);
  });
});
