// prompt=none over real HTTP: the provider session a picked account leaves behind, and what Entra answers
// with it, without it, and for accounts the app refuses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testUser } from '../../test/support/test-users.ts';
import { pkcePair, redirectUri, startTestServer, testState, unescapeHtml, type TestServer } from './test-server.ts';
import { loadUsersFile } from './users.ts';

const file = loadUsersFile();
const adele = testUser('Adele Vance');
const megan = testUser('Megan Bowen');
const lee = testUser('Lee Gu');
const alex = testUser('Alex Wilber');
const pat = file.users.find((user) => user.kind === 'personal')!;

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

/** Picks `oid` in the picker, sending `cookie` if given; returns the provider session cookie the answer sets. */
async function pick(oid: string, cookie?: string, extra: Record<string, string> = {}) {
  const params = t.authorizeParams(extra);
  const picker = await fetch(`${t.endpoint('/oauth2/v2.0/authorize')}?${params}`);
  const hidden = [...(await picker.text()).matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)];
  const form = new URLSearchParams(hidden.map(([, name, value]) => [name!, unescapeHtml(value!)]));
  form.set('oid', oid);
  const response = await fetch(t.endpoint('/oauth2/v2.0/authorize'), {
    method: 'POST',
    body: form,
    redirect: 'manual',
    headers: cookie ? { cookie } : {},
  });
  expect(response.status).toBe(302);
  return response.headers.get('set-cookie');
}

const cookieOf = (setCookie: string | null) => setCookie!.split(';')[0]!;

/** A silent authorize request as MSAL's hidden iframe sends it; returns the redirect's fragment. */
async function silent(cookie: string | undefined, extra: Record<string, string> = {}) {
  const { verifier, challenge } = pkcePair();
  const params = t.authorizeParams({ prompt: 'none', code_challenge: challenge, ...extra });
  const response = await fetch(`${t.endpoint('/oauth2/v2.0/authorize')}?${params}`, {
    redirect: 'manual',
    headers: cookie ? { cookie } : {},
  });
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get('location')!);
  expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
  const fragment = new URLSearchParams(location.hash.slice(1));
  expect(fragment.get('state')).toBe(testState);
  return { fragment, verifier };
}

const errorOf = (fragment: URLSearchParams) => [
  fragment.get('error'),
  /^AADSTS(\d+):/.exec(fragment.get('error_description') ?? '')?.[1],
];

describe('the provider session', () => {
  it('starts when an account is picked: an HttpOnly, Secure, SameSite=None cookie on the provider', async () => {
    const setCookie = await pick(adele.oid);
    expect(setCookie).toMatch(/^dev-idp-session=[\w-]{43}; Max-Age=86400; Path=\/; HttpOnly; Secure; SameSite=None$/);
  });

  it('is not started by Cancel', async () => {
    const params = t.authorizeParams();
    const picker = await fetch(`${t.endpoint('/oauth2/v2.0/authorize')}?${params}`);
    const hidden = [...(await picker.text()).matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)];
    const form = new URLSearchParams(hidden.map(([, name, value]) => [name!, unescapeHtml(value!)]));
    form.set('cancel', '1');
    const response = await fetch(t.endpoint('/oauth2/v2.0/authorize'), {
      method: 'POST',
      body: form,
      redirect: 'manual',
    });
    expect(response.headers.get('set-cookie')).toBeNull();
  });
});

describe('GET authorize with prompt=none', () => {
  it('answers with a code for the session’s account named by login_hint, and the code redeems to its ID token', async () => {
    const cookie = cookieOf(await pick(adele.oid));
    const { fragment, verifier } = await silent(cookie, { login_hint: adele.email.toUpperCase(), nonce: 'n-silent' });
    expect(fragment.get('error')).toBeNull();
    expect(JSON.parse(Buffer.from(fragment.get('client_info')!, 'base64url').toString())).toMatchObject({
      uid: adele.oid,
    });
    const tokens = (await (await t.redeem({ code: fragment.get('code')!, code_verifier: verifier })).json()) as {
      id_token: string;
    };
    const claims = JSON.parse(Buffer.from(tokens.id_token.split('.')[1]!, 'base64url').toString());
    expect(claims).toMatchObject({ oid: adele.oid, nonce: 'n-silent' });
  });

  it('signs in the one account of the session without a hint', async () => {
    const cookie = cookieOf(await pick(megan.oid));
    const { fragment } = await silent(cookie);
    expect(fragment.get('code')).toBeTruthy();
  });

  it('is login_required (AADSTS50058) without a session, with an unknown one, or for a hint it does not hold', async () => {
    const cookie = cookieOf(await pick(adele.oid));
    expect(errorOf((await silent(undefined)).fragment)).toEqual(['login_required', '50058']);
    expect(errorOf((await silent('dev-idp-session=forged')).fragment)).toEqual(['login_required', '50058']);
    const other = await silent(cookie, { login_hint: megan.email });
    expect(errorOf(other.fragment)).toEqual(['login_required', '50058']);
  });

  it('is interaction_required (AADSTS16000) with two accounts and no hint; the hint then chooses', async () => {
    const cookie = cookieOf(await pick(adele.oid));
    expect(await pick(megan.oid, cookie)).toBeNull(); // the same session: no new cookie
    expect(errorOf((await silent(cookie)).fragment)).toEqual(['interaction_required', '16000']);
    const { fragment } = await silent(cookie, { login_hint: megan.email });
    expect(JSON.parse(Buffer.from(fragment.get('client_info')!, 'base64url').toString())).toMatchObject({
      uid: megan.oid,
    });
  });

  it('gives the refusals of the app and the tenant as a picked account gets them', async () => {
    const cases: [typeof adele, string, string][] = [
      [lee, 'interaction_required', '50105'],
      [alex, 'consent_required', '65001'],
      [pat, 'access_denied', '500200'], // a personal account at a work tenant
    ];
    for (const [user, error, code] of cases) {
      const cookie = cookieOf(await pick(user.oid));
      expect(errorOf((await silent(cookie, { login_hint: user.email })).fragment)).toEqual([error, code]);
    }
  });

  it('is login_required again once the end-session endpoint has ended the session', async () => {
    const cookie = cookieOf(await pick(adele.oid));
    const logout = await fetch(t.endpoint('/oauth2/v2.0/logout'), { headers: { cookie } });
    expect(logout.headers.get('set-cookie')).toMatch(/^dev-idp-session=; Max-Age=0; Path=\/; Secure; SameSite=None/);
    expect(errorOf((await silent(cookie, { login_hint: adele.email })).fragment)).toEqual(['login_required', '50058']);
  });
});
