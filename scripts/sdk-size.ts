// Sizes of the built drop-in element (dist/sdk, after `npm run build`): raw, gzip and brotli of each file.
// Fails when the loader, the part every page downloads before the button shows, is over 5 KB gzip.
// Run: npm run build && npx tsx scripts/sdk-size.ts (`npm run bench` reports them too, bench/front-end.ts).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = 'dist/sdk';
export const loaderBudget = 5_000; // bytes of gzip

/** Each file /sdk serves, with what it is for and its sizes in bytes (gzip at level 9, brotli at 11). */
export function sdkSizes() {
  if (!existsSync(root)) throw new Error(`${root} is missing: run "npm run build" first.`);
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.js'))
    .sort()
    .map((name) => {
      const content = readFileSync(join(root, name));
      const role =
        name === 'ms-signin.js' ? 'loader' : name.includes('bridge-') ? 'popup bridge' : 'MSAL, after first paint';
      return {
        file: `sdk/${name}`,
        role,
        raw: content.length,
        gzip: gzipSync(content, { level: 9 }).length,
        brotli: brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
      };
    });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const kb = (bytes: number) => `${(bytes / 1000).toFixed(2)} kB`;
  const rows = sdkSizes();
  console.table(rows.map((row) => ({ ...row, raw: kb(row.raw), gzip: kb(row.gzip), brotli: kb(row.brotli) })));
  const loader = rows.find((row) => row.role === 'loader');
  if (!loader || loader.gzip > loaderBudget) {
    console.error(
      `The loader is ${loader ? kb(loader.gzip) : 'missing'} gzip: over its budget of ${kb(loaderBudget)}.`,
    );
    process.exit(1);
  }
}
