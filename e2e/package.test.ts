// The npm package as its users get it (docs/library.md): `npm pack`, installed into a fresh project, and the three
// examples run there as a person would run them, in Chromium, signing in through `startDevIdp`:
// examples/hono-app (ms-signin/hono) and examples/express-app (ms-signin/express), each with the drop-in script
// their routes serve, and examples/react-vite, whose page imports ms-signin/element through its own Vite build
// (served with ms-signin/hono) and through Vite's development server (the sign-in there is ms-signin/express's
// Connect middleware). The examples' types are checked against the installed declarations too.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../test/support/redis.ts';
import { launchChromium } from './browser.ts';
import {
  type Example,
  installProject,
  packPackage,
  runIn,
  runScript,
  startProgram,
  startScript,
} from './package-project.ts';

let files: string[];
let project: string;
let browser: Browser;

beforeAll(async () => {
  const packed = await packPackage();
  files = packed.files;
  [project, browser] = await Promise.all([installProject(packed.tarball), launchChromium()]);
}, 240_000);
afterAll(async () => {
  await browser?.close();
});

describe('npm pack', () => {
  it('holds only built JavaScript, type declarations, README and LICENSE (and package.json)', () => {
    const allowed = /^(README\.md|LICENSE|package\.json|dist\/(lib|sdk)\/[\w/.-]+\.(js|d\.ts))$/;
    expect(files.filter((file) => !allowed.test(file))).toEqual([]);
    for (const entry of ['hono', 'express', 'dev-idp', 'element']) {
      expect(files).toContain(`dist/lib/${entry}.js`);
      expect(files).toContain(`dist/lib/${entry}.d.ts`);
    }
    expect(files).toContain('dist/sdk/ms-signin.js');
    // No source, no test, no TypeScript to run: nothing needs tsx or tsc at run time.
    expect(files.filter((file) => /\.(ts|tsx)$/.test(file) && !file.endsWith('.d.ts'))).toEqual([]);
  });

  it('keeps each framework to its entry: ms-signin/hono never loads Express, nor ms-signin/express the Hono entry', () => {
    const lib = join(project, 'node_modules/ms-signin/dist/lib');
    expect(importedBy(lib, 'hono.js')).not.toContain('express');
    expect(importedBy(lib, 'express.js')).not.toContain('./hono.js');
    // The browser's entry never reaches the server's code.
    expect(
      importedBy(lib, 'element.js')
        .filter((name) => !name.startsWith('./'))
        .sort(),
    ).toEqual(['@azure/msal-browser', '@azure/msal-browser/redirect-bridge']);
  });
});

describe('the examples against the installed package', () => {
  it('type-check: a React .tsx with the element, its attributes and events; req.user; c.get("user")', async () => {
    for (const example of ['hono-app', 'express-app', 'react-vite'] as const) await typeCheck(example);
  }, 120_000);

  it('do not type-check with a misspelt attribute value', async () => {
    const file = join(project, 'react-vite/src/Misspelt.tsx');
    writeFileSync(file, 'import \'ms-signin/element\';\nexport const button = <ms-signin-button theme="drak" />;\n');
    const failure = await typeCheck('react-vite').then(
      () => 'compiled',
      (error: Error) => error.message,
    );
    expect(failure).toMatch(/Misspelt\.tsx\(2,\d+\): error TS2322: Type '"drak"' is not assignable/);
    writeFileSync(file, '');
  }, 60_000);

  it('the README’s "Use it in your own app", as written: its Hono and its Express server greet Adele Vance', async () => {
    const readme = readFileSync(join(import.meta.dirname, '../README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Use it in your own app'), readme.indexOf('## Protect a backend'));
    const snippets = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!);
    expect(snippets).toHaveLength(2);
    for (const [name, snippet] of [
      ['readme-hono', snippets[0]!],
      ['readme-express', snippets[1]!],
    ] as const) {
      expect(
        snippet.split('\n').filter((line) => line.trim() && !line.startsWith('import')).length,
      ).toBeLessThanOrEqual(10);
      const port = await freePort();
      mkdirSync(join(project, name), { recursive: true });
      writeFileSync(join(project, name, 'server.ts'), snippet.replaceAll('3000', String(port)));
      const url = `http://localhost:${port}`;
      const server = await startProgram(project, name, 'server.ts', url);
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        await page.goto(url);
        await signInAsAdele(page);
        // "then open http://localhost:3000/hello", as the README says, in the same browser.
        await page.goto(`${url}/hello`);
        expect(await page.locator('body').textContent()).toBe('Hello, Adele Vance');
      } catch (error) {
        throw new Error(`${(error as Error).message}\n--- ${name} said:\n${server.output()}`, { cause: error });
      } finally {
        await context.close();
        await server.stop();
      }
    }
  }, 180_000);

  it('hono-app: sign in through startDevIdp, then GET /hello behind requireUser() says Hello, Adele Vance', async () => {
    await signInAndGreet('hono-app', 'dev', /Listening on/);
  }, 120_000);

  it('express-app: the same with Express 5, and its own express.json() before the router', async () => {
    await signInAndGreet('express-app', 'dev', /Listening on/);
  }, 120_000);

  it('react-vite, built by its own `npm run build` and served by Hono: the element from the bundle, once', async () => {
    await runScript(project, 'react-vite', 'build');
    await signInAndGreet('react-vite', 'start', /Listening on/, async (page, url) => {
      // The drop-in script beside the bundled element: the element is defined once, and nothing fails.
      const definedBefore = await page.evaluateHandle(() => customElements.get('ms-signin-button'));
      await page.addScriptTag({ url: `${url}/auth/sdk/ms-signin.js`, type: 'module' });
      const same = await page.evaluate((before) => customElements.get('ms-signin-button') === before, definedBefore);
      expect(same).toBe(true);
    });
  }, 180_000);

  it('react-vite in `npm run dev`: Vite serves the element, the sign-in runs as Connect middleware', async () => {
    await signInAndGreet('react-vite', 'dev', /Local:/);
  }, 180_000);
});

/** `tsc` with the example's own tsconfig.json; rejects with tsc's output when a file does not compile. */
const typeCheck = (example: Example) =>
  runIn(project, join(project, 'node_modules/.bin/tsc'), ['--noEmit', '-p', join(project, example)]);

/**
 * Starts the example's `script` on a free port, signs in as Adele Vance in Chromium, and expects the page to show
 * what GET /hello answered her. `more` runs further checks on the signed-in page. No page error, no console error.
 */
async function signInAndGreet(
  example: Example,
  script: string,
  ready: RegExp,
  more?: (page: Page, url: string) => Promise<void>,
): Promise<void> {
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const server = await startScript(project, example, script, { PORT: String(port) }, ready);
  const context = await browser.newContext();
  try {
    // Without a session the guarded route answers 401 with the API's JSON body.
    const anonymous = await fetch(`${url}/hello`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ status: 'error', error: 'session_missing' });

    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      // A page without a favicon.
      if (message.type() === 'error' && !/favicon|404 \(Not Found\)/.test(message.text()))
        problems.push(message.text());
    });
    await page.goto(url);
    await signInAsAdele(page);
    await expect.poll(() => page.locator('#hello').textContent(), { timeout: 20_000 }).toBe('Hello, Adele Vance');
    await more?.(page, url);
    expect(problems).toEqual([]);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- ${example} (npm run ${script}) said:\n${server.output()}`, {
      cause: error,
    });
  } finally {
    await context.close();
    await server.stop();
  }
}

/** Clicks the page's button once it is ready and picks Adele Vance in the provider's popup. */
async function signInAsAdele(page: Page): Promise<void> {
  const button = page.locator('ms-signin-button').getByRole('button', { name: /Sign in with Microsoft/ });
  await expect.poll(() => button.getAttribute('data-state'), { timeout: 30_000 }).toBe('ready');
  const popupOpened = page.waitForEvent('popup');
  await button.click();
  await (await popupOpened).getByRole('button', { name: /Adele Vance/ }).click();
  // Signed in: the element shows the person and a sign-out button.
  const signedInAs = () =>
    page
      .locator('ms-signin-button')
      .evaluate((element: HTMLElementTagNameMap['ms-signin-button']) => element.user?.name);
  await expect.poll(signedInAs, { timeout: 20_000 }).toBe('Adele Vance');
}

/** The modules `file` in `folder` imports, following its own relative imports (the built package's chunks). */
function importedBy(folder: string, file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const source = readFileSync(join(folder, file), 'utf8');
  const names = [...source.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*"([^"]+)"/g)].map((match) => match[1]!);
  const nested = names
    .filter((name) => name.startsWith('./'))
    .flatMap((name) => importedBy(folder, name.slice(2), seen));
  return [...new Set([...names, ...nested])];
}
