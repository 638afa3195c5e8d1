import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../../test/support/api-client.ts';
import { type EntraSigner, startEntraSigner } from '../../test/support/entra-signer.ts';
import { startTestApp, type TestApp } from '../../test/support/test-app.ts';
import { maxTitleLength } from './task-schemas.ts';

// Whatever JSON arrives, the task routes answer 2xx or 4xx with our error shape: never a 500.
let signer: EntraSigner;
let app: TestApp;
let call: ReturnType<typeof apiClient>;
let cookie: string;
let taskId: number;
beforeAll(async () => {
  signer = await startEntraSigner();
  app = await startTestApp(signer);
  call = apiClient(app.url);
  cookie = (await app.signIn()).sessionCookie!;
  taskId = (await call('POST', '/api/tasks', { cookie, json: { title: 'target' } })).body.id;
});
afterAll(async () => {
  await app.close();
  await signer.close();
});

// Bodies near the schema as well as random JSON, so the checks past the first one are exercised too.
const body = fc.oneof(
  fc.jsonValue(),
  fc.record({ title: fc.oneof(fc.string({ maxLength: 250 }), fc.jsonValue()) }, { requiredKeys: [] }),
  fc.record(
    { title: fc.string(), completed: fc.oneof(fc.boolean(), fc.jsonValue()), extra: fc.jsonValue() },
    { requiredKeys: [] },
  ),
);

function expectHandled(result: { status: number; body: any }, ok: number) {
  if (result.status === ok) return;
  expect(result.status).toBeGreaterThanOrEqual(400);
  expect(result.status).toBeLessThan(500);
  expect(result.body).toMatchObject({ status: 'error', error: expect.any(String), message: expect.any(String) });
}

describe('the task routes under arbitrary input', () => {
  it('never fail with a 500 on POST, and store only valid titles', async () => {
    await fc.assert(
      fc.asyncProperty(body, async (json) => {
        const result = await call('POST', '/api/tasks', { cookie, json });
        expectHandled(result, 201);
        if (result.status === 201) {
          expect(result.body.title.length).toBeGreaterThan(0);
          expect(result.body.title.length).toBeLessThanOrEqual(maxTitleLength);
          expect(result.body.title).toBe(result.body.title.trim());
        }
      }),
      { numRuns: 150 },
    );
  });

  it('store a title exactly as sent (trimmed), or refuse it: never a different text', async () => {
    // Text of every kind of UTF-16 code unit: ASCII, any code point (surrogate pairs included), lone halves.
    const text = fc.string({
      unit: fc.oneof(
        fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
        fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit)),
      ),
      maxLength: 20,
    });
    await fc.assert(
      fc.asyncProperty(text, async (title) => {
        const result = await call('POST', '/api/tasks', { cookie, json: { title } });
        // With the u flag a pair is one code point outside this range: only a lone half matches.
        if (/[\ud800-\udfff]/u.test(title)) expect(result.status).toBe(400);
        expectHandled(result, 201);
        if (result.status !== 201) {
          expect(result.body.error).toBe('invalid_body');
          return;
        }
        expect(result.body.title).toBe(title.trim());
        const stored = await call('GET', `/api/tasks?after=${result.body.id - 1}&limit=1`, { cookie });
        expect(stored.body).toEqual([result.body]);
      }),
      { numRuns: 150 },
    );
  });

  it('never fail with a 500 on PATCH, whatever the body or the id', async () => {
    const id = fc.oneof(
      fc.constant(String(taskId)),
      fc.string({ minLength: 1, maxLength: 20 }).map(encodeURIComponent),
    );
    await fc.assert(
      fc.asyncProperty(id, body, async (path, json) => {
        expectHandled(await call('PATCH', `/api/tasks/${path}`, { cookie, json }), 200);
      }),
      { numRuns: 150 },
    );
  });
});
