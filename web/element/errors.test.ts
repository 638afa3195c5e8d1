import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './request.ts';
import { describeFailure, SignInError, signInFailed } from './errors.ts';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('describeFailure()', () => {
  it("passes on the server's own code and message", () => {
    const error = new ApiError(401, 'nonce_mismatch', 'The sign-in expired. Please sign in again.');
    expect(describeFailure(error, 'https://auth.example.com')).toEqual({
      code: 'nonce_mismatch',
      message: 'The sign-in expired. Please sign in again.',
    });
  });

  it('names the likely cause when the server was not reached: it is down, or CORS refused this origin', () => {
    vi.stubGlobal('location', { origin: 'https://www.example.com' });
    const detail = describeFailure(
      new ApiError(0, 'network_error', 'Could not reach the server.'),
      'https://auth.example.com',
    );
    expect(detail.code).toBe('network_error');
    expect(detail.message).toContain('https://auth.example.com');
    expect(detail.message).toContain('https://www.example.com in its ALLOWED_ORIGINS');
  });

  it('gives a plain detail, and calls anything that is not an ApiError a failed sign-in', () => {
    const detail = describeFailure(new ApiError(403, 'origin_not_allowed', 'm'), 'x');
    expect(detail).not.toBeInstanceOf(Error); // an event detail that JSON.stringify can read
    expect(describeFailure(new TypeError('boom'), 'x')).toEqual(signInFailed);
    expect(describeFailure(new SignInError({ code: 'config_missing', message: 'm' }), 'x')).toEqual(signInFailed);
  });
});

describe('SignInError', () => {
  it('carries the code and message of the ms-error detail', () => {
    const error = new SignInError({ code: 'popup_blocked', message: 'Blocked.' });
    expect(error).toBeInstanceOf(Error);
    expect({ name: error.name, code: error.code, message: error.message }).toEqual({
      name: 'SignInError',
      code: 'popup_blocked',
      message: 'Blocked.',
    });
  });
});
