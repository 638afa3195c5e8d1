// Bundles the production server into one file (dist/server/main.js): Node then loads one module instead of
// hundreds (zod, hono, pino…), which took most of start-up. `node scripts/build-server.mjs [entry] [outfile]`.
import { build } from 'esbuild';

const [entry = 'server/main.ts', outfile = 'dist/server/main.js'] = process.argv.slice(2);

await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // A native addon: loaded from node_modules at run time, as before.
  external: ['better-sqlite3'],
  // CommonJS packages inside an ES module bundle still call require() for Node's built-in modules.
  banner: {
    js: "import { createRequire as createRequireOfBundle } from 'node:module'; const require = createRequireOfBundle(import.meta.url);",
  },
  sourcemap: true,
  logLevel: 'warning',
});
