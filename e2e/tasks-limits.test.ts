import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevServer, startDevServer } from '../server/dev-server.ts';
import users from '../server/dev-idp/users.json' with { type: 'json' };
import { tempDatabasePath } from '../test/support/test-app.ts';
import { launchChromium } from './browser.ts';
import { signInAs } from './demo-page.ts';

// The demo page past one page of tasks (GET /api/tasks answers 100 at a time) and at TASK_QUOTA, in real Chromium.
const quota = 105;
let server: DevServer;
let browser: Browser;
const ordinary = users.users.find((user) => user.roles.length === 0)!;

beforeAll(async () => {
  server = await startDevServer({ PORT: '0', DATABASE_PATH: tempDatabasePath(), TASK_QUOTA: String(quota) });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const titles = (page: Page) => page.getByTestId('task-text').allTextContents();

/** Adds tasks from the page itself, with its session cookie, faster than typing them. */
function addThroughApi(page: Page, count: number) {
  return page.evaluate(async (count) => {
    for (let i = 1; i <= count; i++) {
      const response = await fetch('/api/tasks', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ title: `Task ${i}` }),
      });
      if (response.status !== 201) throw new Error(`POST answered ${response.status}`);
    }
  }, count);
}

describe('the demo page with many tasks', () => {
  it('shows every task, past the first page, and the quota message when no more fit', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.url);
    await signInAs(page, ordinary.name);
    await expect.poll(() => page.getByText('No tasks yet.').isVisible()).toBe(true);
    await addThroughApi(page, quota - 1);

    await page.reload();
    const expected = Array.from({ length: quota - 1 }, (_, i) => `Task ${i + 1}`);
    await expect.poll(() => titles(page), { timeout: 20_000 }).toEqual(expected);

    const input = page.getByLabel('New task');
    await input.fill('The last one that fits');
    await input.press('Enter');
    await expect.poll(() => page.getByTestId('task').count()).toBe(quota);

    await input.fill('One too many');
    await input.press('Enter');
    const message = page.getByTestId('message');
    await expect
      .poll(() => message.textContent())
      .toBe(`You have reached the limit of ${quota} tasks. Delete some to add more.`);
    expect(await message.getAttribute('data-kind')).toBe('error');
    expect(await input.inputValue()).toBe('One too many'); // kept, to add after deleting another
    expect(await page.getByTestId('task').count()).toBe(quota);

    await page.getByRole('button', { name: 'Delete Task 1', exact: true }).click();
    await expect.poll(() => page.getByTestId('task').count()).toBe(quota - 1);
    await input.press('Enter');
    await expect.poll(async () => (await titles(page)).at(-1)).toBe('One too many');
    await page.reload();
    await expect
      .poll(() => titles(page), { timeout: 20_000 })
      .toEqual([...expected.slice(1), 'The last one that fits', 'One too many']);
    await context.close();
  });
});
