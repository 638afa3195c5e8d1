import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startDevServer } from './dev-server.ts';

// The development identity provider can never run in production: production code cannot even load it.
// Nor can it need a development dependency (pino-pretty): `npm prune --omit=dev` removes them.
const serverDir = import.meta.dirname;
// library/dev-idp.ts is the provider's own entry (ms-signin/dev-idp), which refuses to start in production too.
const developmentOnly = new Set(['dev.ts', 'dev-server.ts', 'observability/dev-logger.ts', 'library/dev-idp.ts']);

function productionSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'dev-idp' ? [] : productionSources(path);
    const name = relative(serverDir, path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') && !developmentOnly.has(name) ? [path] : [];
  });
}

describe('the production boundary', () => {
  it('keeps every production module free of imports of the development provider and server', () => {
    const sources = productionSources(serverDir);
    expect(sources.map((path) => relative(serverDir, path))).toContain('main.ts');
    for (const path of sources) {
      expect(readFileSync(path, 'utf8'), relative(serverDir, path)).not.toMatch(
        /from '[^']*(dev-idp|dev-server|dev-logger)[^']*'/,
      );
    }
  });

  it('keeps every production module free of imports of pino-pretty, a development dependency', () => {
    for (const path of productionSources(serverDir)) {
      expect(readFileSync(path, 'utf8'), relative(serverDir, path)).not.toMatch(/from '[^']*pino-pretty[^']*'/);
    }
    expect(readFileSync(join(serverDir, 'observability/dev-logger.ts'), 'utf8')).toMatch(/from 'pino-pretty'/);
  });

  it('refuses to start the development server with NODE_ENV=production', async () => {
    await expect(startDevServer({ NODE_ENV: 'production', PORT: '0' })).rejects.toThrow(/never runs in production/);
  });
});
