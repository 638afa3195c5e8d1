// The drop-in element as a visitor meets it: examples/static-site on its own origin, loading /sdk/ms-signin.js
// from the production server (dist/server/main.js) into a fresh Chromium profile each time (nothing cached).
// Measures when the button is first drawn, counted from DOMContentLoaded, the layout shift while the page and
// MSAL load, and the gzip and brotli sizes of what /sdk serves.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { launchChromium } from '../e2e/browser.ts';
import { startExampleSite } from '../server/example-site.ts';
import type { EntraSigner } from '../test/support/entra-signer.ts';
import { productEnv, startServer } from './harness.ts';

const loads = 7;
/** How long after `load` layout shifts are still counted: MSAL's chunk arrives during it. */
const settleMs = 1500;

interface PageTimings {
  /** ms from DOMContentLoaded to the end of the first frame that drew the button (negative: drawn before). */
  paintAfterDomContentLoaded: number;
  /** ms from navigation start to the end of that frame. */
  paintAfterNavigation: number;
  layoutShift: number;
}

// Runs in the page before its own scripts. A task queued from the animation frame in which the button first
// has a size runs once that frame is drawn: its time is when the visitor first sees the button. (Source text:
// tsx would wrap a function's inner functions in a helper the page does not have.)
const recordFirstPaint = `
  const timings = { paintedAt: undefined, layoutShift: 0 };
  window.timings = timings;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) timings.layoutShift += entry.value;
  }).observe({ type: 'layout-shift', buffered: true });
  const check = () => {
    const button = document.querySelector('ms-signin-button')?.shadowRoot?.querySelector('button');
    if (button && button.getBoundingClientRect().width > 0) setTimeout(() => (timings.paintedAt = performance.now()));
    else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
`;

/** Medians over {@link loads} cold loads of the example page, and the sizes of dist/sdk's files. */
export async function measureFrontEnd(signer: EntraSigner) {
  let serverUrl = '';
  const site = await startExampleSite({ host: '127.0.0.1', port: 0, authOrigin: () => serverUrl });
  // Production refuses an http:// authority; the page never signs in here, so Microsoft's real host is named.
  const server = await startServer(
    'dist/server/main.js',
    productEnv(signer, { ENTRA_AUTHORITY_HOST: 'https://login.microsoftonline.com', ALLOWED_ORIGINS: site.url }),
    { pin: false },
  );
  serverUrl = server.url;
  const browser = await launchChromium();
  const runs: PageTimings[] = [];
  try {
    for (let i = 0; i < loads; i += 1) {
      const context = await browser.newContext();
      await context.addInitScript({ content: recordFirstPaint });
      const page = await context.newPage();
      await page.goto(site.url, { waitUntil: 'load' });
      await page.waitForFunction(() => (window as unknown as { timings: { paintedAt?: number } }).timings.paintedAt);
      await page.waitForTimeout(settleMs);
      runs.push(
        await page.evaluate(() => {
          const { paintedAt, layoutShift } = (
            window as unknown as { timings: { paintedAt: number; layoutShift: number } }
          ).timings;
          const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
          return {
            paintAfterDomContentLoaded: paintedAt - navigation!.domContentLoadedEventStart,
            paintAfterNavigation: paintedAt,
            layoutShift,
          };
        }),
      );
      await context.close();
    }
  } finally {
    await browser.close();
    await server.stop();
    await site.close();
  }
  const median = (pick: (run: PageTimings) => number) =>
    Math.round([...runs.map(pick)].sort((a, b) => a - b)[Math.floor(runs.length / 2)]! * 10) / 10;
  return {
    loads,
    'button drawn, ms after DOMContentLoaded': median((run) => run.paintAfterDomContentLoaded),
    'button drawn, ms after navigation start': median((run) => run.paintAfterNavigation),
    'layout shift, worst load': Math.max(...runs.map((run) => run.layoutShift)),
    loaderGzipBytes: gzipSync(readFileSync('dist/sdk/ms-signin.js'), { level: 9 }).length,
    ...sdkSizes(),
  };
}

/** Bytes of each file /sdk serves: gzip at level 9 (as e2e/drop-in.test.ts checks the loader) and brotli. */
function sdkSizes() {
  const files = ['ms-signin.js', ...readdirSync('dist/sdk/chunks').map((file) => `chunks/${file}`)];
  const sizes: Record<string, string> = {};
  for (const file of files.filter((name) => name.endsWith('.js'))) {
    const content = readFileSync(join('dist/sdk', file));
    const name = file.replace(/-[\w-]{8}\.js$/, '.js'); // without the content hash
    sizes[`${name} bytes (gzip / brotli)`] =
      `${gzipSync(content, { level: 9 }).length} / ${brotliCompressSync(content).length}`;
  }
  return sizes;
}
