// Sizes of the built drop-in element (dist/sdk, after `npm run build`): raw, gzip and brotli of each file.
// Fails when the loader, the part every page downloads before the button shows, is over 5 KB gzip.
// Run: npm run build && npx tsx scripts/sdk-size.ts
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = 'dist/sdk';
const loaderBudget = 5_000; // bytes of gzip

if (!existsSync(root)) {
  console.error(`${root} is missing: run "npm run build" first.`);
  process.exit(1);
}
const kb = (bytes: number) => `${(bytes / 1000).toFixed(2)} kB`;
const rows = readdirSync(root, { recursive: true, encoding: 'utf8' })
  .filter((name) => name.endsWith('.js'))
  .sort()
  .map((name) => {
    const content = readFileSync(join(root, name));
    const gzip = gzipSync(content, { level: 9 }).length;
    const brotli = brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    const role =
      name === 'ms-signin.js' ? 'loader' : name.includes('bridge-') ? 'popup bridge' : 'MSAL, after first paint';
    return { file: `sdk/${name}`, role, raw: kb(content.length), gzip: kb(gzip), brotli: kb(brotli), gzipBytes: gzip };
  });
console.table(rows.map(({ gzipBytes: _, ...row }) => row));
const loader = rows.find((row) => row.role === 'loader');
if (!loader || loader.gzipBytes > loaderBudget) {
  console.error(
    `The loader is ${loader ? kb(loader.gzipBytes) : 'missing'} gzip: over its budget of ${kb(loaderBudget)}.`,
  );
  process.exit(1);
}
