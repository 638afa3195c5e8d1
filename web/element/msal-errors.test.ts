import { BrowserAuthError, InteractionRequiredAuthError, ServerError } from '@azure/msal-browser';
import { describe, expect, it } from 'vitest';
import { authorizeRedirectError, entraText, tokenEndpointError } from './entra-errors.fixtures.ts';
import { ConfigMissingError, describeMsalError, errorDetail } from './msal-errors.ts';

const page = 'https://www.example.com/shop/';

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

  it('says of a closed popup that an error it showed has a code the owner needs (AADSTS50011 never comes back)', () => {
    expect(errorDetail('popup_closed').message).toBe(
      "The sign-in window was closed before the sign-in finished. If it showed an error, give this site's owner its code (AADSTS…).",
    );
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
    expect(describeMsalError(new ConfigMissingError())?.code).toBe('config_missing');
    expect(describeMsalError(new Error('not from MSAL'))).toBeUndefined();
  });

  it('explains a user not assigned to the app (AADSTS50105), from the redirect Entra sends back', () => {
    const error = authorizeRedirectError('access_denied', 50105, entraText[50105]);
    expect(error).toBeInstanceOf(ServerError); // as MSAL makes it: the fixture went through MSAL's own parser
    expect(describeMsalError(error, page)).toEqual({
      code: 'not_assigned',
      message:
        'Your account has not been given access to this app. Ask an administrator of your organization to assign you to it (AADSTS50105).',
    });
  });

  it('explains missing consent (AADSTS65001 from the redirect or the token endpoint, AADSTS90094)', () => {
    const expected = {
      code: 'consent_required',
      message:
        'An administrator of your organization must grant this app consent before you can sign in with it (AADSTS65001).',
    };
    const redirected = authorizeRedirectError('consent_required', 65001, entraText[65001]);
    expect(redirected).toBeInstanceOf(InteractionRequiredAuthError);
    expect(describeMsalError(redirected, page)).toEqual(expected);
    const fromToken = tokenEndpointError('invalid_grant', 65001, entraText[65001], 'consent_required');
    expect(describeMsalError(fromToken, page)).toEqual(expected);
    expect(describeMsalError(authorizeRedirectError('access_denied', 90094, entraText[90094]), page)).toMatchObject({
      code: 'consent_required',
      message: expect.stringMatching(/\(AADSTS90094\)\.$/),
    });
  });

  it('names the page to register for an unregistered redirect URI (AADSTS50011), should it ever come back', () => {
    const error = authorizeRedirectError('invalid_request', 50011, entraText[50011]);
    expect(describeMsalError(error, page)).toEqual({
      code: 'redirect_uri_not_registered',
      message:
        "This page is not registered for sign-in: the site's owner must add https://www.example.com/shop/ as a Single-page application redirect URI of the app registration (AADSTS50011).",
    });
  });

  it('names the page to move to the SPA platform when it is registered as Web (AADSTS9002326, token endpoint)', () => {
    const error = tokenEndpointError('invalid_request', 9002326, entraText[9002326]);
    expect(error).toBeInstanceOf(ServerError);
    expect(describeMsalError(error, page)).toEqual({
      code: 'redirect_uri_not_spa',
      message:
        "This page is registered for sign-in as a Web redirect URI: the site's owner must register https://www.example.com/shop/ as a Single-page application redirect URI instead (AADSTS9002326).",
    });
  });

  it('refuses accounts of another tenant (AADSTS50020) and personal accounts (AADSTS500200) alike', () => {
    for (const number of [50020, 500200] as const) {
      expect(describeMsalError(authorizeRedirectError('access_denied', number, entraText[number]), page)).toEqual({
        code: 'account_not_allowed',
        message: `This app does not accept this account (a personal account, or one of another organization). Sign in with another account (AADSTS${number}).`,
      });
    }
  });

  it('tells the owner to check client-id and tenant when the app is not in the directory (AADSTS700016)', () => {
    const error = authorizeRedirectError('unauthorized_client', 700016, entraText[700016]);
    expect(describeMsalError(error, page)?.code).toBe('app_not_found');
  });

  it("never passes on Entra's text: no trace or correlation id, no user, tenant or app name", () => {
    for (const [number, text] of Object.entries(entraText)) {
      for (const error of [
        authorizeRedirectError('access_denied', Number(number), text),
        tokenEndpointError('invalid_grant', Number(number), text),
      ]) {
        const { message } = describeMsalError(error, page)!;
        expect(message).not.toMatch(/Trace ID|Correlation ID|57f5cb47|570a9ed3|Contoso|adele|@|5d1c0b6e/);
      }
    }
  });

  it("keeps MSAL's own code, with the AADSTS number, for Entra errors it does not explain", () => {
    expect(describeMsalError(authorizeRedirectError('invalid_request', 50058, entraText[50058]), page)).toEqual({
      code: 'invalid_request',
      message: 'Microsoft refused the sign-in (AADSTS50058). Please try again.',
    });
    // A person who declined consent cancelled: access_denied keeps its message.
    expect(describeMsalError(authorizeRedirectError('access_denied', 65004, entraText[65004]), page)).toEqual(
      errorDetail('access_denied'),
    );
  });

  it('finds the AADSTS number in the description when Entra sent no error_uri or error_codes', () => {
    const error = new ServerError('access_denied', 'cid', `AADSTS50105: ${entraText[50105]}\r\nTrace ID: x`);
    expect(describeMsalError(error, page)?.code).toBe('not_assigned');
    expect(describeMsalError(new ServerError('access_denied', 'cid', 'no number here'), page)).toEqual(
      errorDetail('access_denied'),
    );
  });
});
