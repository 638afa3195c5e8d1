// Builds what the npm package ships, into `<out>/sdk` and `<out>/lib` (`<out>` is dist unless named):
// - sdk: the drop-in script and its chunks (Vite's sdk environments), which the library's routes also serve;
// - lib: the server entries (ms-signin/hono, /express, /dev-idp) for Node and the element (ms-signin/element)
//   for the host's bundler, each with one bundled .d.ts. Dependencies and peers stay imports.
// `node scripts/build-package.mjs [out] [--skip-sdk]` (`npm run build` has just built dist/sdk with the rest).
import { join, resolve } from 'node:path';
import { build } from 'tsdown';
import { createBuilder } from 'vite';

const args = process.argv.slice(2);
const out = resolve(args.find((arg) => !arg.startsWith('--')) ?? 'dist');

if (!args.includes('--skip-sdk')) {
  const outDir = join(out, 'sdk');
  const builder = await createBuilder({
    configFile: resolve(import.meta.dirname, '../vite.config.ts'),
    logLevel: 'warn',
    environments: { sdkBridge: { build: { outDir } }, sdk: { build: { outDir } } },
  });
  await builder.build(builder.environments.sdkBridge);
  await builder.build(builder.environments.sdk);
}

const shared = {
  outDir: join(out, 'lib'),
  format: 'esm',
  tsconfig: 'tsconfig.package.json',
  dts: true,
  fixedExtension: false,
  hash: false,
  logLevel: 'warn',
  // Rolldown would remark on the time the declarations take.
  inputOptions: { checks: { pluginTimings: false } },
};

await build({
  ...shared,
  entry: {
    hono: 'server/library/hono.ts',
    express: 'server/library/express.ts',
    'dev-idp': 'server/library/dev-idp.ts',
  },
  platform: 'node',
  target: 'node20',
  clean: true,
  // Dependencies and peers are imported, never copied in (tsdown's default); anything else found is a mistake.
  deps: { onlyBundle: [] },
});

await build({
  ...shared,
  entry: { element: 'web/element/index.ts' },
  platform: 'browser',
  target: 'es2022',
  clean: false,
  // Only the page's JSX types name them, for whichever of the two the page uses.
  deps: { onlyBundle: [], neverBundle: ['react', 'preact'] },
});
