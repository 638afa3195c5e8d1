// Bundles the production server into one file (dist/server/main.js): Node then loads one module instead of
// hundreds (zod, hono, pino…), which took most of start-up. `node scripts/build-server.mjs [entry] [outfile]`;
// `--readable` keeps the whitespace, so that a CPU profile's line numbers name functions (bench/profile.ts).
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { build } from 'esbuild';

const readable = process.argv.includes('--readable');
const [entry = 'server/main.ts', outfile = 'dist/server/main.js'] = process.argv
  .slice(2)
  .filter((arg) => arg !== '--readable');

// zod re-exports every language's error messages as `z.locales` (290 KB, 28% of the bundle, compiled at every start);
// the server uses none of them (English, its default, is imported on its own), so that namespace is left empty.
const zodWithoutLocales = {
  name: 'zod-without-locales',
  setup(plugin) {
    plugin.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic|core)[\\/]/.test(args.importer)
        ? { path: 'zod-locales', namespace: 'zod-without-locales' }
        : undefined,
    );
    plugin.onLoad({ filter: /.*/, namespace: 'zod-without-locales' }, () => ({ contents: 'export {};' }));
  },
};

await build({
  entryPoints: { [basename(outfile, '.js')]: entry },
  outdir: dirname(outfile),
  // What is imported only when needed (Redis with REDIS_URL, prom-client with METRICS_TOKEN) goes to chunks/,
  // so a start without them neither reads nor compiles it (docs/benchmarks.md).
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
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
  // Whitespace and syntax only, names kept (error names, stack traces read as the source): the file is a third
  // smaller, and V8 parses it at every start (docs/benchmarks.md: about 40 ms of the cold start).
  minifyWhitespace: !readable,
  minifySyntax: true,
  sourcemap: true,
  plugins: [zodWithoutLocales],
  logLevel: 'warning',
});

// The two Swagger UI files /docs serves (server/routes/docs.ts), beside the bundle: swagger-ui-dist (12 MB) is then
// a build tool, not something `npm prune --omit=dev` must keep, nor a dependency of the npm package.
const swaggerUi = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
mkdirSync(join(dirname(outfile), 'swagger-ui'), { recursive: true });
for (const name of ['swagger-ui.css', 'swagger-ui-bundle.js']) {
  copyFileSync(join(swaggerUi, name), join(dirname(outfile), 'swagger-ui', name));
}
