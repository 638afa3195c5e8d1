import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EntraSigner, startEntraSigner, userOid } from '../../test/support/entra-signer.ts';
import { startTestApp } from '../../test/support/test-app.ts';
import { createDevLogger } from './dev-logger.ts';

// `npm run dev` logs for people: one short line per request, not JSON (docs/deployment.md, "Logs and metrics").
let signer: EntraSigner;
beforeAll(async () => {
  signer = await startEntraSigner();
});
afterAll(() => signer.close());

/** The app with the development logger at `level`, writing into memory; runs `requests`, returns the lines. */
async function devLines(level: 'info' | 'warn', requests: (url: string) => Promise<unknown>) {
  let text = '';
  const destination = new Writable({ write: (chunk: Buffer, _encoding, done) => done(void (text += chunk)) });
  const logger = createDevLogger({ logLevel: level }, destination);
  const app = await startTestApp(signer, {}, { logger });
  try {
    await app.signIn();
    await requests(app.url);
  } finally {
    await app.close();
  }
  return text.trim().split('\n');
}

describe('createDevLogger()', () => {
  it('writes a readable line per request and per security event', async () => {
    const lines = await devLines('info', (url) =>
      fetch(`${url}/api/me`, { headers: { Authorization: 'Bearer not-a-token' } }),
    );
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^\[[\d:]{8}\] INFO: GET \/auth\/nonce 200 [\d.]+ ms$/);
    expect(lines[1]).toMatch(new RegExp(`^\\[[\\d:]{8}\\] INFO: POST /auth/microsoft 200 [\\d.]+ ms user ${userOid}$`));
    expect(lines[2]).toMatch(
      /^\[[\d:]{8}\] WARN: GET \/api\/me: token refused \(access_token_malformed\) \{"clientAddress":"127\.0\.0\.1"\}$/,
    );
    expect(lines[3]).toMatch(/^\[[\d:]{8}\] INFO: GET \/api\/me 401 access_token_malformed [\d.]+ ms$/);
    for (const line of lines) expect(line).not.toMatch(/^\{/);
  });

  it('follows LOG_LEVEL', async () => {
    const lines = await devLines('warn', (url) => fetch(`${url}/api/me`, { headers: { Authorization: 'Bearer x' } }));
    expect(lines).toEqual([expect.stringContaining('WARN: GET /api/me: token refused')]);
  });
});
