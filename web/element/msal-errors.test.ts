import { BrowserAuthError } from '@azure/msal-browser';
import { describe, expect, it } from 'vitest';
import { describeMsalError, errorDetail } from './msal-errors.ts';

describe('errorDetail()', () => {
  it('turns the ways a popup fails into the documented ms-error codes', () => {
    expect(errorDetail('empty_window_error').code).toBe('popup_blocked');
    expect(errorDetail('popup_window_error')).toEqual({
      code: 'popup_blocked',
      message: 'The browser blocked the sign-in window. Allow pop-ups for this site, then try again.',
    });
    expect(errorDetail('user_cancelled').code).toBe('popup_closed');
    expect(errorDetail('popup_closed').code).toBe('popup_closed');
    expect(errorDetail('post_request_failed').code).toBe('microsoft_unreachable');
    expect(errorDetail('timed_out').message).toMatch(/did not answer in time/);
  });

  it('passes other MSAL codes on, with a generic message', () => {
    expect(errorDetail('invalid_grant')).toEqual({
      code: 'invalid_grant',
      message: 'The sign-in failed (invalid_grant). Please try again.',
    });
  });
});

describe('describeMsalError()', () => {
  it("reads MSAL's errorCode, not its message (only a link)", () => {
    expect(describeMsalError(new BrowserAuthError('empty_window_error', 'correlation-id'))?.code).toBe('popup_blocked');
    expect(describeMsalError(new Error('not from MSAL'))).toBeUndefined();
  });
});
