// The drop-in element as a visitor meets it: examples/static-site on its own origin, loading /sdk/ms-signin.js
// from the production server (dist/server/main.js) into a fresh Chromium profile each time (nothing cached).
// Measures when the button is first drawn, counted from DOMContentLoaded, the layout shift while the page and
// MSAL load, and the gzip and brotli sizes of what /sdk serves.
import { launchChromium } from '../e2e/browser.ts';
import { sdkSizes } from '../scripts/sdk-size.ts';
import { startExampleSite } from '../server/example-site.ts';
import type { EntraSigner } from '../test/support/entra-signer.ts';
import { median, productEnv, startServer } from './harness.ts';

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

/** Medians over {@link loads} cold loads of the example page, and the sizes of dist/sdk's files (scripts/sdk-size.ts). */
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
  const middle = (pick: (run: PageTimings) => number) => Math.round(median(runs.map(pick)) * 10) / 10;
  const sizes = sdkSizes();
  return {
    loads,
    'button drawn, ms after DOMContentLoaded': middle((run) => run.paintAfterDomContentLoaded),
    'button drawn, ms after navigation start': middle((run) => run.paintAfterNavigation),
    'layout shift, worst load': Math.max(...runs.map((run) => run.layoutShift)),
    ...Object.fromEntries(
      sizes.map(({ role, gzip, brotli }) => [`${role}, bytes gzip / brotli`, `${gzip} / ${brotli}`]),
    ),
    loaderGzipBytes: sizes.find(({ role }) => role === 'loader')!.gzip,
  };
}
