// Build of the demo page (web/) and test runner settings for the whole repository.
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

const web = resolve(import.meta.dirname, 'web');
const htmlEntries = { index: resolve(web, 'index.html'), redirect: resolve(web, 'redirect.html') };

export default defineConfig({
  root: web,
  build: {
    outDir: resolve(import.meta.dirname, 'dist/web'),
    emptyOutDir: true,
  },
  // The popup's redirect page is built on its own: sharing chunks with the demo page would make it
  // load ~66 KB of MSAL (chunks hold what both pages use) instead of the ~8 KB redirect bridge.
  environments: {
    client: { build: { rolldownOptions: { input: { index: htmlEntries.index } } } },
    redirect: {
      consumer: 'client',
      build: { emptyOutDir: false, rolldownOptions: { input: { redirect: htmlEntries.redirect } } },
    },
  },
  builder: {}, // `vite build` builds every environment above, in order
  // Without this, Vite discovers the redirect bridge only when the popup loads it, then reloads the
  // main page mid-sign-in ("optimized dependencies changed") and the sign-in hangs (shared/FACTS.md).
  optimizeDeps: {
    include: ['@azure/msal-browser', '@azure/msal-browser/redirect-bridge'],
    entries: Object.values(htmlEntries),
  },
  test: {
    root: import.meta.dirname,
    include: ['{server,web,e2e,test}/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
