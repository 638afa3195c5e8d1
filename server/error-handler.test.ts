import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import { captureLogs } from '../test/support/log-capture.ts';
import { createErrorHandler } from './error-handler.ts';
import {
  AccessDeniedError,
  AuthError,
  BodyTooLargeError,
  type ChallengeVariables,
  type ErrorCodeVariables,
  InvalidRequestError,
  ProviderUnavailableError,
  RateLimitedError,
  StoreUnavailableError,
  UnsupportedMediaTypeError,
} from './errors.ts';
import { type Logger, silentLogger } from './observability/logger.ts';

// Each kind of error, thrown by a route, and the response the one error handler makes of it.
async function answerTo(error: unknown, options: { bearerChallenge?: boolean; logger?: Logger } = {}) {
  let errorCode: string | undefined;
  const app = new Hono<{ Variables: ChallengeVariables & ErrorCodeVariables }>()
    .use(async (c, next) => {
      await next();
      errorCode = c.get('errorCode');
    })
    .get('/', (c) => {
      if (options.bearerChallenge) c.set('bearerChallenge', true);
      throw error;
    })
    .onError(createErrorHandler(options.logger ?? silentLogger));
  const response = await app.request('/');
  return { status: response.status, body: await response.json(), headers: response.headers, errorCode };
}

describe('createErrorHandler()', () => {
  it('answers an AuthError 401 with its code and message, and the JSON error body, no-store', async () => {
    const answer = await answerTo(new AuthError('session_expired', 'Your session has expired.'));
    expect(answer).toMatchObject({
      status: 401,
      body: { status: 'error', error: 'session_expired', message: 'Your session has expired.' },
      errorCode: 'session_expired', // for the request log and the sign-in metrics
    });
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.headers.get('www-authenticate')).toBeNull();
  });

  it('adds the invalid_token challenge to a 401 where a guard asked for it (requireUser, /auth/check)', async () => {
    const answer = await answerTo(new AuthError('access_token_expired', 'The token has expired.'), {
      bearerChallenge: true,
    });
    expect(answer.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
  });

  it('answers 403, naming the scope to a bearer caller only', async () => {
    const toBearer = await answerTo(new AccessDeniedError('insufficient_scope', 'm', { bearerScope: 'Tasks.Write' }));
    expect(toBearer).toMatchObject({ status: 403, body: { error: 'insufficient_scope', message: 'm' } });
    expect(toBearer.headers.get('www-authenticate')).toBe('Bearer error="insufficient_scope", scope="Tasks.Write"');
    const toSession = await answerTo(new AccessDeniedError('insufficient_scope', 'm'), { bearerChallenge: true });
    expect(toSession.headers.get('www-authenticate')).toBeNull();
    const role = await answerTo(new AccessDeniedError('role_required', 'm'), { bearerChallenge: true });
    expect(role).toMatchObject({ status: 403, body: { error: 'role_required' } });
    expect(role.headers.get('www-authenticate')).toBeNull();
  });

  it('answers the request errors 400, 413 (closing the connection), 415 and 429 (with Retry-After)', async () => {
    expect(await answerTo(new InvalidRequestError('invalid_body', 'The body is not valid JSON.'))).toMatchObject({
      status: 400,
      body: { error: 'invalid_body', message: 'The body is not valid JSON.' },
    });
    const tooLarge = await answerTo(new BodyTooLargeError());
    expect(tooLarge).toMatchObject({ status: 413, body: { error: 'body_too_large' } });
    expect(tooLarge.headers.get('connection')).toBe('close');
    expect(await answerTo(new UnsupportedMediaTypeError())).toMatchObject({
      status: 415,
      body: { error: 'unsupported_media_type', message: 'Send the body as application/json.' },
    });
    const limited = await answerTo(new RateLimitedError(42));
    expect(limited).toMatchObject({ status: 429, body: { error: 'rate_limited' } });
    expect(limited.headers.get('retry-after')).toBe('42');
  });

  it('answers 503 and logs the kind of cause, never its message', async () => {
    const { logger, lines } = captureLogs();
    const cause = Object.assign(new Error('connect ECONNREFUSED https://secret@example'), { code: 'ECONNREFUSED' });
    const store = await answerTo(new StoreUnavailableError({ cause }), { logger });
    expect(store).toMatchObject({ status: 503, body: { error: 'store_unavailable' } });
    const idp = await answerTo(new ProviderUnavailableError('The keys are unavailable.', { cause }), { logger });
    expect(idp).toMatchObject({
      status: 503,
      body: { error: 'idp_unavailable', message: 'The keys are unavailable.' },
    });
    expect(lines()).toEqual([
      expect.objectContaining({ level: 'warn', cause: 'ECONNREFUSED', msg: store.body.message }),
      expect.objectContaining({ level: 'warn', cause: 'ECONNREFUSED', msg: 'The keys are unavailable.' }),
    ]);
    expect(JSON.stringify(lines())).not.toContain('secret');
  });

  it('answers Hono’s HTTPException 400 bad_request, and anything else 500, logged by its name only', async () => {
    expect(await answerTo(new HTTPException(400, { message: 'Malformed JSON in request body' }))).toMatchObject({
      status: 400,
      body: { error: 'bad_request', message: 'The request is not valid.' },
    });
    const { logger, lines } = captureLogs();
    const answer = await answerTo(new TypeError('token eyJhbGciOi… in a message'), { logger });
    expect(answer).toMatchObject({
      status: 500,
      body: { error: 'internal_error', message: 'Something went wrong on our side.' },
    });
    expect(lines()).toEqual([expect.objectContaining({ level: 'error', error: 'TypeError', msg: 'unexpected error' })]);
    expect(JSON.stringify(lines())).not.toContain('eyJ');
  });
});
