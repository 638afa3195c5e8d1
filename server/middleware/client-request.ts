// Who sent a request and which public origin it came through, believing X-Forwarded-* only from TRUST_PROXY.
import type { IncomingMessage } from 'node:http';
import type { HttpBindings } from '@hono/node-server';
import type { Context, MiddlewareHandler } from 'hono';
import proxyaddr from 'proxy-addr';
import type { Config } from '../config.ts';

/** What a request tells about its sender, believed only as far as TRUST_PROXY allows. */
export interface ClientRequest {
  /**
   * The client's address, the key of rate limits: the socket's peer; through trusted proxies the right-most
   * `X-Forwarded-For` entry that is not itself trusted; `unknown` with no socket (`app.request` in tests).
   */
  address: string;
  /**
   * The origin the browser sees, e.g. `https://site.example`: the request's own (its Host header), or,
   * when the peer is a trusted proxy, its `X-Forwarded-Proto` and `X-Forwarded-Host`.
   */
  origin: string;
}

declare module 'hono' {
  interface ContextVariableMap {
    client: ClientRequest;
  }
}

/** Whether the hop-th address from our side (0: the socket's peer) is a proxy we trust. */
type ProxyTrust = (address: string, hop: number) => boolean;

const trustNone: ProxyTrust = () => false;

/** TRUST_PROXY as one predicate: proxy-addr's matcher for addresses and ranges, or the first `hops` hops. */
export function compileProxyTrust(setting: Config['trustProxy']): ProxyTrust {
  if (typeof setting === 'number') return (_address, hop) => hop < setting;
  return setting.length ? proxyaddr.compile(setting) : trustNone;
}

/**
 * Puts the {@link ClientRequest} on the context (`c.get('client')`), worked out on first read and once per
 * request: most requests (a `/healthz`, a `GET /api/me`) never read it.
 *
 * @example app.use(clientRequest(config.trustProxy))
 */
export function clientRequest(trustProxy: Config['trustProxy']): MiddlewareHandler {
  const identify = identifyClient(trustProxy);
  return async function clientRequest(c, next) {
    identify(c);
    return next();
  };
}

/**
 * Puts the {@link ClientRequest} on a context that has none yet: {@link clientRequest}'s work, as a function for
 * the parts of the sign-in that a host app mounts (its /auth routes, its guard), where that middleware never ran.
 */
export function identifyClient(trustProxy: Config['trustProxy']): (c: Context) => void {
  const trust = compileProxyTrust(trustProxy);
  return (c) => {
    if (c.get('client') === undefined) c.set('client', new LazyClientRequest(c, trust));
  };
}

/** The request's {@link ClientRequest}; believing no proxy at all where `clientRequest` did not run. */
export function clientOf(c: Context): ClientRequest {
  return (c.get('client') as ClientRequest | undefined) ?? new LazyClientRequest(c, trustNone);
}

/**
 * A class, not an object literal with getters: V8 gives every such literal a hidden class of its own, and one
 * made per request cost more than the rest of a `/healthz` (docs/benchmarks.md).
 */
class LazyClientRequest implements ClientRequest {
  #address: string | undefined;
  #origin: string | undefined;
  readonly #c: Context;
  readonly #trust: ProxyTrust;
  constructor(c: Context, trust: ProxyTrust) {
    this.#c = c;
    this.#trust = trust;
  }
  get address(): string {
    return (this.#address ??= addressOf(this.#c, this.#trust));
  }
  get origin(): string {
    return (this.#origin ??= this.#peerIsTrusted()
      ? (forwardedOrigin(this.#c) ?? ownOrigin(this.#c))
      : ownOrigin(this.#c));
  }
  toJSON(): ClientRequest {
    return { address: this.address, origin: this.origin };
  }
  #peerIsTrusted(): boolean {
    const peer = incomingOf(this.#c)?.socket?.remoteAddress;
    return peer !== undefined && this.#trust(peer, 0);
  }
}

const incomingOf = (c: Context) => (c.env as Partial<HttpBindings> | undefined)?.incoming;

function addressOf(c: Context, trust: ProxyTrust): string {
  const incoming = incomingOf(c);
  const peer = incoming?.socket?.remoteAddress;
  // Without a socket there is no peer to trust: one shared `unknown` address, never a header's word.
  if (peer === undefined) return 'unknown';
  if (!trust(peer, 0)) return peer;
  return proxyaddr(incoming as IncomingMessage, trust);
}

const ownOrigin = (c: Context) => new URL(c.req.url).origin;

/** The first value: the one the outermost proxy, the one the browser talked to, wrote (as Express reads it). */
const firstValue = (header: string | undefined) => header?.split(',')[0]?.trim() || undefined;

function forwardedOrigin(c: Context): string | undefined {
  const own = new URL(c.req.url);
  const proto = (firstValue(c.req.header('X-Forwarded-Proto')) ?? own.protocol.slice(0, -1)).toLowerCase();
  const host = firstValue(c.req.header('X-Forwarded-Host')) ?? own.host;
  if (proto !== 'https' && proto !== 'http') return undefined;
  let url: URL;
  try {
    url = new URL(`${proto}://${host}`);
  } catch {
    return undefined;
  }
  // A host and an optional port only: a path or user info is not what a proxy writes there.
  const bare = url.pathname === '/' && !url.username && !url.password && !url.search && !url.hash;
  return bare ? url.origin : undefined;
}
