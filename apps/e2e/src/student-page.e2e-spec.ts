import type { Browser, Page } from 'playwright-core';
import { eventually } from '@platform/testing';
import {
  connectionState,
  launchChromium,
  registrationRow,
  registrationStatus,
  screenshot,
  seatsLeft,
  signedInStudentPage,
} from './support/browser';
import { e2eServices } from './support/e2e-platform';
import { PlatformTruth } from './support/platform-truth';
import { connectReadModels } from './support/read-model-client';
import { RegistrationApi } from './support/registration-api';
import { freshId, moduleVisible } from './support/scenario';
import { ensureStudents } from './support/students';

jest.setTimeout(180_000);

// The promise: what a student sees is true within a second, and the page survives the
// gateway going away. Two students, each in a browser context of their own, in Debian's Chromium.
describe('the student page in a real browser', () => {
  const services = e2eServices();
  const webUrl = services.get('web').url;
  const gateway = services.get('notification-gateway');
  const api = new RegistrationApi(services.get('registration-service').url);
  const truth = new PlatformTruth();
  const { reader, redis } = connectReadModels();
  let browser: Browser;
  let studentA: string;
  let studentB: string;
  let pageA: Page;
  let pageB: Page;

  const newModule = async (capacity: number): Promise<string> => {
    const moduleId = freshId('WEB');
    await truth.createModule({ moduleId, capacity, feeCents: 1000, title: `Realtime systems ${moduleId}` });
    await moduleVisible(reader, moduleId);
    return moduleId;
  };

  beforeAll(async () => {
    browser = await launchChromium();
    [studentA, studentB] = (await ensureStudents(freshId('web'), 2)) as [string, string];
    pageA = await signedInStudentPage(browser, webUrl, studentA);
    pageB = await signedInStudentPage(browser, webUrl, studentB);
  });

  afterAll(async () => {
    await browser?.close();
    await truth.close();
    redis.disconnect();
  });

  it("shows the last seat gone on the other student's page within a second", async () => {
    const moduleId = await newModule(1);
    await seatsLeft(pageA, moduleId, 1, 15_000);
    await seatsLeft(pageB, moduleId, 1, 15_000);

    const clickedAt = Date.now();
    await pageA.getByTestId(`register-${moduleId}`).click();
    await registrationStatus(pageA, moduleId, 'COMPLETED', 60_000);
    const completedAt = Date.now();
    await seatsLeft(pageB, moduleId, 0, 1_000);
    const shownAt = Date.now();

    console.log(
      `student page: A's registration completed ${completedAt - clickedAt} ms after the click; ` +
        `B showed 0 seats left ${shownAt - completedAt} ms after that (${shownAt - clickedAt} ms after the click)`,
    );
    expect(await pageB.getByTestId(`seats-${moduleId}`).textContent()).toBe('0 seats left (full)');
    expect(await pageB.getByTestId(`register-${moduleId}`).isDisabled()).toBe(true);
    expect(await truth.moduleCounts(moduleId)).toMatchObject({ capacity: 1, reserved: 0, confirmed: 1 });
    await screenshot(pageA, 'student-page-a-took-the-last-seat', registrationRow(pageA, moduleId));
    await screenshot(pageB, 'student-page-b-sees-0-seats-left', pageB.getByTestId(`seats-${moduleId}`));
  });

  it('drops a module removed from the catalog from every open page within a second', async () => {
    const moduleId = await newModule(2);
    // A page opened now has the module from GET /modules as well as from the live snapshot.
    const freshPage = await signedInStudentPage(browser, webUrl, studentB);
    await seatsLeft(pageA, moduleId, 2, 15_000);
    await seatsLeft(freshPage, moduleId, 2, 15_000);

    await truth.removeModule(moduleId);
    const gone = await eventually('the module gone from the read model', async () =>
      (await reader.module(moduleId)) === undefined ? Date.now() : undefined,
    );
    for (const page of [pageA, freshPage])
      await page.getByTestId(`module-${moduleId}`).waitFor({ state: 'detached', timeout: 1_000 });
    console.log(`student page: a removed module left both pages ${Date.now() - gone} ms after Redis`);
    await freshPage.close();
  });

  it('shows reconnecting while the gateway is down, and recovers and stays live by itself', async () => {
    const moduleId = await newModule(3);
    await seatsLeft(pageA, moduleId, 3, 15_000);

    await gateway.stop();
    try {
      await connectionState(pageA, 'reconnecting', 10_000);
      await screenshot(pageA, 'student-page-a-reconnecting', pageA.getByTestId(`seats-${moduleId}`));
      // A change while the page is cut off: the resume must fill it in.
      const tokenB = await api.signIn(studentB);
      expect((await api.register(tokenB, moduleId)).status).toBe(202);
    } finally {
      gateway.start();
      await gateway.waitReady(60_000);
    }

    await connectionState(pageA, 'connected', 60_000);
    await seatsLeft(pageA, moduleId, 2, 30_000);

    const tokenA = await api.signIn(studentA);
    const accepted = await api.register(tokenA, moduleId);
    expect(accepted.status).toBe(202);
    await seatsLeft(pageA, moduleId, 1, 15_000);
    await registrationStatus(pageA, moduleId, 'COMPLETED', 60_000);
    await screenshot(pageA, 'student-page-a-reconnected', pageA.getByTestId(`seats-${moduleId}`));
  });
});
