// Loopback checks: the provider only redirects to, and answers CORS for, the developer's own machine.
const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * An absolute http(s) URL on a loopback host (any port), without credentials or fragment.
 * Any port is allowed because the demo and example sites run on various local ports.
 */
export function isLoopbackRedirectUri(value: string): boolean {
  const url = URL.parse(value);
  return (
    url !== null &&
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    loopbackHosts.has(url.hostname) &&
    url.username === '' &&
    url.password === '' &&
    // RFC 6749 section 3.1.2: the redirection endpoint URI must not include a fragment.
    !value.includes('#')
  );
}

/** An Origin header value (scheme://host[:port], nothing more) on a loopback host. */
export function isLoopbackOrigin(value: string): boolean {
  const url = URL.parse(value);
  return url !== null && isLoopbackRedirectUri(value) && url.origin === value;
}
