import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { freePort } from '../test/support/redis.ts';
import { tempDatabasePath } from '../test/support/test-app.ts';
import { connectOutcome } from './production-process.ts';

// `npm run dev` as a person runs it (the README's first command): what it prints, and that it stops when its npm
// process is stopped (an editor's "stop" button, a process manager), not only on Ctrl-C to the whole group.
describe('npm run dev', () => {
  it('says which test users and redirect URIs the provider holds, and stops with its npm process', async () => {
    const port = await freePort();
    const npm = spawn('npm', ['run', 'dev'], {
      env: { ...process.env, PORT: String(port), DATABASE_PATH: tempDatabasePath(), NODE_ENV: 'development' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own group, so that a failing test can still stop everything under it
    });
    const lines: string[] = [];
    const exited = new Promise<void>((done) => npm.once('exit', () => done()));
    try {
      await new Promise<void>((ready, fail) => {
        createInterface({ input: npm.stdout! }).on('line', (line) => {
          lines.push(line);
          if (line.includes('Drop-in button on a static site')) ready();
        });
        void exited.then(() => fail(new Error(`npm run dev ended:\n${lines.join('\n')}`)));
      });
      const printed = lines.join('\n');
      expect(printed).toContain(`Sign in with Microsoft demo: http://localhost:${port}`);
      expect(printed).toContain('Test users: server/dev-idp/users.json (restart npm run dev after editing it)');
      expect(printed).toContain(
        `Redirect URIs it accepts: http://localhost:${port}/redirect.html, http://localhost:${port + 1}/, ` +
          `http://localhost:${port + 1}/strict-csp.html`,
      );
      expect(await connectOutcome(port)).toBe('connected');

      process.kill(npm.pid!, 'SIGTERM'); // npm's own process only, as a process manager stops it
      await exited;
      await expect.poll(() => connectOutcome(port), { timeout: 10_000 }).toBe('ECONNREFUSED');
      await expect.poll(() => connectOutcome(port + 1), { timeout: 10_000 }).toBe('ECONNREFUSED');
    } finally {
      try {
        process.kill(-npm.pid!, 'SIGKILL');
      } catch {
        // Already gone, as it should be.
      }
    }
  }, 60_000);
});
