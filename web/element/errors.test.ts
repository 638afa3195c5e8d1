import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api.ts';
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

  it('keeps a SignInError, and calls anything else a failed sign-in', () => {
    const error = new SignInError({ code: 'config_missing', message: 'm' });
    expect(describeFailure(error, 'x')).toBe(error);
    expect(describeFailure(new TypeError('boom'), 'x')).toEqual(signInFailed);
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
