import { describe, expect, it } from 'vitest';
import { isPopupResponse } from './popup-response.ts';

const page = 'https://www.example.com/';
const msalState = (interactionType: string, encode = (text: string) => Buffer.from(text).toString('base64')) =>
  encodeURIComponent(encode(JSON.stringify({ id: '0190f0a4-5b6c-7d8e-9f00-112233445566', meta: { interactionType } })));

describe('isPopupResponse()', () => {
  it("recognises MSAL's popup answer in the fragment or the query, with a code or an error", () => {
    expect(isPopupResponse(`${page}#code=abc&state=${msalState('popup')}`)).toBe(true);
    expect(isPopupResponse(`${page}?code=abc&state=${msalState('popup')}`)).toBe(true);
    expect(isPopupResponse(`${page}#error=access_denied&error_description=x&state=${msalState('popup')}`)).toBe(true);
    expect(isPopupResponse(`${page}#code=abc&state=${msalState('silent')}|user-state`)).toBe(true);
  });

  it('reads base64url states too', () => {
    const base64url = (text: string) => Buffer.from(text).toString('base64url');
    expect(isPopupResponse(`${page}#code=abc&state=${msalState('popup', base64url)}`)).toBe(true);
  });

  it('leaves everything else to the page: hash routes, other OAuth answers, the redirect flow', () => {
    for (const url of [
      page,
      `${page}#/settings`,
      `${page}#state=${msalState('popup')}`, // no code, no error
      `${page}#code=abc&state=xyz`, // another library's state
      `${page}#code=abc&state=${encodeURIComponent(Buffer.from('{"id":1}').toString('base64'))}`,
      `${page}#code=abc&state=${msalState('redirect')}`,
      `${page}?code=abc&state=%%%`,
    ]) {
      expect(isPopupResponse(url), url).toBe(false);
    }
  });
});
