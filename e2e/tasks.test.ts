import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevServer, startDevServer } from '../server/dev-server.ts';
import users from '../server/dev-idp/users.json' with { type: 'json' };
import { tempDatabasePath } from '../test/support/test-app.ts';
import { launchChromium } from './browser.ts';
import { signInAs, signInButton } from './demo-page.ts';

// The tasks of the demo page in real Chromium: cookie-authenticated calls from the page, kept in SQLite.
let server: DevServer;
let browser: Browser;
const ordinary = users.users.find((user) => user.roles.length === 0)!;
const admin = users.users.find((user) => (user.roles as string[]).includes('Admin'))!;
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

beforeAll(async () => {
  server = await startDevServer({ PORT: '0', DATABASE_PATH: tempDatabasePath() });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens the demo page and signs in as `name`. */
async function openAndSignInAs(page: Page, name: string) {
  await page.goto(server.url);
  await signInAs(page, name);
}

const titles = (page: Page) => page.getByTestId('task-text').allTextContents();

async function addTask(page: Page, title: string) {
  const count = await page.getByTestId('task').count();
  await page.getByLabel('New task').fill(title);
  await page.getByLabel('New task').press('Enter'); // a real form: Enter submits
  await expect.poll(() => page.getByTestId('task').count()).toBe(count + 1);
}

describe('tasks on the demo page', () => {
  it('adds, toggles and deletes tasks, and finds them again after a reload', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await openAndSignInAs(page, ordinary.name);
    await expect.poll(() => page.getByText('No tasks yet.').isVisible()).toBe(true);

    await addTask(page, 'Water the plants');
    await addTask(page, 'Call <b>the</b> bank');
    await addTask(page, 'Book flights');
    expect(await titles(page)).toEqual(['Water the plants', 'Call <b>the</b> bank', 'Book flights']); // text, not HTML
    expect(await page.getByLabel('New task').evaluate((input) => input === document.activeElement)).toBe(true);

    await page.getByRole('checkbox', { name: 'Water the plants' }).check();
    await expect.poll(() => page.getByTestId('message').textContent()).toMatch(/Done: Water the plants/);
    await page.getByRole('button', { name: 'Delete Book flights' }).click();
    await expect.poll(() => titles(page)).toEqual(['Water the plants', 'Call <b>the</b> bank']);

    await page.reload();
    await expect.poll(() => titles(page), { timeout: 20_000 }).toEqual(['Water the plants', 'Call <b>the</b> bank']);
    expect(await page.getByRole('checkbox', { name: 'Water the plants' }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'Call <b>the</b> bank' }).isChecked()).toBe(false);
    expect(await page.getByTestId('admin').isVisible()).toBe(false);
    await context.close();
  });

  it('shows an admin the task counts per user', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await openAndSignInAs(page, admin.name);
    await addTask(page, 'Review access');
    const row = (name: string) => page.getByTestId('admin-row').filter({ hasText: name });
    await expect.poll(() => row(admin.name).locator('td').allTextContents(), { timeout: 10_000 }).toEqual(['1', '0']);
    expect(await row(ordinary.name).locator('td').allTextContents()).toEqual(['2', '1']);
    await context.close();
  });

  it('works from the keyboard, and axe-core finds no violations in the tasks panel', async () => {
    const context = await browser.newContext({ bypassCSP: true }); // to inject axe-core
    const page = await context.newPage();
    await openAndSignInAs(page, admin.name);
    await expect.poll(() => page.getByTestId('task').count(), { timeout: 10_000 }).toBe(1);
    await page.getByLabel('New task').focus();
    await page.keyboard.press('Tab'); // the Add button
    await page.keyboard.press('Tab'); // the first task's checkbox
    await page.keyboard.press('Space');
    await expect.poll(() => page.getByRole('checkbox', { name: 'Review access' }).isChecked()).toBe(true);
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).not.toBe('none'); // a visible focus ring
    await page.keyboard.press('Tab'); // its Delete button
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('task').count()).toBe(0);
    expect(await page.getByLabel('New task').evaluate((input) => input === document.activeElement)).toBe(true);

    await page.addScriptTag({ path: axePath });
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string }[] }> } }).axe;
      return (await axe.run()).violations.map((violation) => violation.id);
    });
    expect(violations).toEqual([]);
    await context.close();
  });

  it('returns to the signed-out page with a message when the session has expired', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await openAndSignInAs(page, ordinary.name);
    await expect.poll(() => page.getByTestId('task').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await context.clearCookies(); // what an expired session looks like to the server: no valid cookie
    await page.getByLabel('New task').fill('Too late');
    await page.getByRole('button', { name: 'Add' }).click();
    await expect.poll(() => signInButton(page).isVisible()).toBe(true);
    expect(await page.getByTestId('message').textContent()).toMatch(/session has expired/i);
    expect(await page.getByTestId('task').count()).toBe(0);
    await openAndSignInAs(page, ordinary.name); // and signing in again works
    await expect.poll(() => titles(page), { timeout: 10_000 }).not.toContain('Too late');
    await context.close();
  });

  it('lets /docs "Try it out" add a task with the session cookie of the demo page', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await openAndSignInAs(page, ordinary.name);
    await page.goto(`${server.url}/docs`);
    const operation = page.locator('#operations-tasks-post_api_tasks');
    await operation.locator('.opblock-summary').click();
    await operation.getByRole('button', { name: 'Try it out' }).click();
    await operation.locator('textarea.body-param__text').fill('{"title":"Added from the API reference"}');
    await operation.getByRole('button', { name: 'Execute' }).click();
    const status = operation.locator('.live-responses-table tbody .response-col_status');
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toContain('201');
    await page.goto(server.url);
    await expect.poll(() => titles(page), { timeout: 20_000 }).toContain('Added from the API reference');
    await context.close();
  });
});
