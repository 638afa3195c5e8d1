// The sign-in nonce of each auth server, shared by the buttons of a page: one GET /auth/nonce serves them
// all (the browser holds at most 8 nonce cookies per server), and a sign-in spends it, as the server takes
// a nonce once.
import type { AuthApi } from './auth-api.ts';

const maxAge = 5 * 60_000; // ms: half the life of the server's nonce cookie (10 minutes)

const nonces = new Map<string, { value: string; fetchedAt: number }>();
const requests = new Map<string, Promise<string>>();

/** The server's nonce when one is fresh enough to start a sign-in with; read synchronously on click. */
export function currentNonce(server: string): string | undefined {
  const nonce = nonces.get(server);
  return nonce && Date.now() - nonce.fetchedAt < maxAge ? nonce.value : undefined;
}

/** A fresh nonce, fetched at most once at a time per server. */
export function fetchNonce(server: string, api: Pick<AuthApi, 'getNonce'>): Promise<string> {
  const current = currentNonce(server);
  if (current) return Promise.resolve(current);
  let request = requests.get(server);
  if (!request) {
    request = api.getNonce().then((value) => {
      nonces.set(server, { value, fetchedAt: Date.now() });
      return value;
    });
    requests.set(server, request);
    const forget = () => requests.delete(server);
    request.then(forget, forget);
  }
  return request;
}

/** Forgets the nonce after a sign-in attempt used it: the server takes it once. */
export function spendNonce(server: string, value: string): void {
  if (nonces.get(server)?.value === value) nonces.delete(server);
}
