// The provider's own sign-in session, as Entra keeps one (its ESTSAUTH cookies): after a first sign-in, a
// cookie on the provider's origin names the accounts this browser signed in with, so that a later
// `prompt=none` request (MSAL's ssoSilent and acquireTokenSilent, in a hidden iframe) can be answered without
// the picker. The session lives in this process: restarting `npm run dev` signs everyone out of "Microsoft".
import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

/** The cookie's name; Entra's are ESTSAUTH and ESTSAUTHPERSISTENT. */
export const providerSessionCookie = 'dev-idp-session';
const lifetime = 24 * 60 * 60; // seconds: a browser that signed in yesterday is still signed in today
const maxSessions = 10_000; // the oldest goes first beyond this: memory stays bounded however many browsers come

export interface ProviderSessions {
  /** The object ids of the accounts the request's session cookie names, most recent first (none without one). */
  accounts(c: Context): string[];
  /** Adds `oid` to the request's session, starting one (and setting its cookie) at the first sign-in. */
  add(c: Context, oid: string): void;
  /** Ends the request's session and clears its cookie (the end-session endpoint). */
  end(c: Context): void;
}

/**
 * An in-memory store of provider sessions behind a random cookie value.
 *
 * The cookie is `SameSite=None; Secure` as Entra's are: the hidden iframe that asks with `prompt=none` is a
 * third-party context whenever the page is another site than the provider, and browsers that block
 * third-party cookies (Safari, Firefox, Chromium's setting) then withhold it, exactly as they withhold Entra's.
 * `Secure` cookies work on http://localhost and http://127.0.0.1 (secure contexts), not on other plain-HTTP hosts.
 */
export function createProviderSessions(now: () => number = Date.now): ProviderSessions {
  const sessions = new Map<string, { oids: string[]; expiresAt: number }>();
  const live = (c: Context) => {
    const id = getCookie(c, providerSessionCookie);
    const session = id === undefined ? undefined : sessions.get(id);
    if (id === undefined || session === undefined) return undefined;
    if (session.expiresAt > now()) return { id, session };
    sessions.delete(id);
    return undefined;
  };
  return {
    accounts: (c) => [...(live(c)?.session.oids ?? [])],
    add(c, oid) {
      const found = live(c);
      if (found) {
        found.session.oids = [oid, ...found.session.oids.filter((known) => known !== oid)];
        return;
      }
      if (sessions.size >= maxSessions) sessions.delete(sessions.keys().next().value!);
      const id = randomBytes(32).toString('base64url');
      sessions.set(id, { oids: [oid], expiresAt: now() + lifetime * 1000 });
      setCookie(c, providerSessionCookie, id, {
        path: '/',
        httpOnly: true,
        secure: true,
        sameSite: 'None',
        maxAge: lifetime,
      });
    },
    end(c) {
      const found = live(c);
      if (found) sessions.delete(found.id);
      deleteCookie(c, providerSessionCookie, { path: '/', secure: true, sameSite: 'None' });
    },
  };
}
