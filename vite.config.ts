// Build of the demo page (web/), the drop-in element's bundle (web/element/) and test runner settings for
// the whole repository.
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

const web = resolve(import.meta.dirname, 'web');
const htmlEntries = { index: resolve(web, 'index.html'), redirect: resolve(web, 'redirect.html') };
/** The drop-in script, served as /sdk/ms-signin.js (server/routes/sdk.ts; in development, server/dev-server.ts). */
const sdkEntry = resolve(web, 'element/ms-signin.ts');
const sdkOutDir = resolve(import.meta.dirname, 'dist/sdk');
// The finished file: library mode would keep whitespace and annotations for a bundler downstream.
const sdkOutput = { minify: true, comments: { legal: true, annotation: false, jsdoc: false } } as const;
// Then terser, three passes, keeping the licence comments (/*! … */): it takes another 70–80 bytes gzip off
// the loader, which must stay within 5 KB, and 5% off the MSAL chunk.
const sdkMinify = {
  minify: 'terser',
  terserOptions: { module: true, compress: { passes: 3 }, format: { comments: 'some' } },
} as const;
// Terser is most of these builds' time, so Rolldown would warn about it (PLUGIN_TIMINGS) on a busy machine.
const quietAboutTerser = { bundlerTimings: false };

/**
 * The sign-in popup loads the element's script, which then needs only MSAL's redirect bridge (about
 * 3 KB gzip). Built with the rest, the modules the bridge shares with the MSAL chunk would land in a
 * common chunk of about 22 KB gzip that the popup would load too. So the bridge is built alone first
 * (`sdkBridge`), and the loader's `import('./bridge.ts')` points at that file.
 */
function standaloneBridge(): Plugin {
  return {
    name: 'ms-signin:standalone-bridge',
    apply: 'build',
    enforce: 'pre', // before Vite's own resolver
    resolveId(source) {
      if (this.environment.name !== 'sdk' || source !== './bridge.ts') return null;
      // Read from disk: each environment's build gets its own instance of this plugin.
      const chunks = resolve(this.environment.config.build.outDir, 'chunks');
      const bridge = existsSync(chunks) && readdirSync(chunks).find((file) => /^bridge-.+\.js$/.test(file));
      if (!bridge) throw new Error('Build the sdkBridge environment before sdk (vite build builds them in order).');
      return { id: `./chunks/${bridge}`, external: true };
    },
  };
}

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
    // The drop-in element for other sites: a small loader with a stable name (its URL is the public API)
    // and content-hashed chunks it imports on demand: MSAL after first paint, the redirect bridge in the popup.
    sdkBridge: {
      consumer: 'client',
      build: {
        outDir: sdkOutDir,
        emptyOutDir: true,
        copyPublicDir: false, // the demo's files (web/public), not the element's
        lib: { entry: resolve(web, 'element/bridge.ts'), formats: ['es'], fileName: () => 'chunks/bridge-[hash].js' },
        ...sdkMinify,
        rolldownOptions: { output: sdkOutput, checks: quietAboutTerser },
      },
    },
    sdk: {
      consumer: 'client',
      build: {
        outDir: sdkOutDir,
        emptyOutDir: false, // sdkBridge has just written its chunk there
        copyPublicDir: false,
        lib: { entry: sdkEntry, formats: ['es'], fileName: () => 'ms-signin.js' },
        ...sdkMinify,
        rolldownOptions: {
          output: { ...sdkOutput, chunkFileNames: 'chunks/[name]-[hash].js' },
          checks: quietAboutTerser,
        },
      },
    },
  },
  plugins: [standaloneBridge()],
  builder: {}, // `vite build` builds every environment above, in order
  // Without this, Vite discovers the redirect bridge only when the popup loads it, then reloads the
  // main page mid-sign-in ("optimized dependencies changed") and the sign-in hangs (docs/msal.md).
  optimizeDeps: {
    include: ['@azure/msal-browser', '@azure/msal-browser/redirect-bridge'],
    entries: [...Object.values(htmlEntries), sdkEntry],
  },
  test: {
    root: import.meta.dirname,
    include: ['{common,server,web,e2e,test}/**/*.test.ts'],
    globalSetup: ['test/support/run-temp-folder.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
