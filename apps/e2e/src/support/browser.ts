import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

/** Where the browser specs leave their screenshots (tmp/ is ignored by git). */
export const artifactsDir = resolve(__dirname, '../../../../tmp/artifacts');

/** Debian's Chromium, headless: nothing ever downloads a browser. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
}

/** A page of its own (separate storage) with the student signed in and the live connection up. */
export async function signedInStudentPage(
  browser: Browser,
  webUrl: string,
  studentId: string,
): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(webUrl);
  await page.getByTestId('student-id').fill(studentId);
  await page.getByTestId('password').fill('demo-password');
  await page.getByTestId('sign-in-submit').click();
  await connectionState(page, 'connected', 30_000);
  return page;
}

// Waits go through selectors, not page.waitForFunction: that evaluates its predicate as a string,
// which the page's Content Security Policy (no eval) refuses.

/**
 * Waits until the page's connection badge reads `text` (connected, reconnecting, offline). Fails
 * at once, with the page's notice, when the client gave up (state `closed`, e.g. after 1009).
 */
export async function connectionState(page: Page, text: string, timeout: number): Promise<void> {
  const badge = '[data-testid="connection-state"]';
  await page
    .locator(`${badge}:text-is(${JSON.stringify(text)}), ${badge}[data-state="closed"]`)
    .waitFor({ timeout });
  const state = await page.locator(badge).getAttribute('data-state');
  if (state === 'closed' && text !== 'offline') {
    const notice = await page.getByTestId('notice').textContent();
    throw new Error(`waiting for "${text}", the page's realtime client closed for good: ${notice}`);
  }
}

/** Waits until the page shows `available` seats left for the module. */
export async function seatsLeft(
  page: Page,
  moduleId: string,
  available: number,
  timeout: number,
): Promise<void> {
  await page
    .locator(`[data-testid=${JSON.stringify(`seats-${moduleId}`)}][data-available="${available}"]`)
    .waitFor({ timeout });
}

/** Waits until the student's registration for the module shows `status` (PENDING, COMPLETED, CANCELLED). */
export async function registrationStatus(
  page: Page,
  moduleId: string,
  status: string,
  timeout: number,
): Promise<void> {
  await registrationRow(page, moduleId)
    .and(page.locator(`[data-status=${JSON.stringify(status)}]`))
    .waitFor({ timeout });
}

/** A viewport screenshot with `focus` scrolled into view (the stack holds many modules). */
export async function screenshot(page: Page, name: string, focus: Locator): Promise<string> {
  mkdirSync(artifactsDir, { recursive: true });
  const path = resolve(artifactsDir, `${name}.png`);
  await focus.scrollIntoViewIfNeeded();
  await page.screenshot({ path });
  return path;
}

/** The student's registration row for a module. */
export function registrationRow(page: Page, moduleId: string): Locator {
  return page.locator(`li[data-module-id=${JSON.stringify(moduleId)}]`);
}
