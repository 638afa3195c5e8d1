// The one fetch of the element and of the demo page (web/api.ts): cookies included, JSON, a timeout, and
// every failure as an ApiError with a code a page can branch on.

/** A failed call: `status` 0 means the server was not reached; `message` is fit to show to people. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

const requestTimeout = 15_000; // ms: long enough for a cold server, short enough to tell people something

/**
 * `fetch` with `credentials: 'include'`; a response that is not 2xx is thrown as an {@link ApiError} with the
 * server's `error` code and `message`, or `http_<status>` when the answer is not ours.
 * @example const response = await request('https://auth.example.com/auth/nonce');
 */
export async function request(url: string, init: RequestInit = {}): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, {
      ...init,
      credentials: 'include',
      headers: { Accept: 'application/json', ...init.headers },
      signal: AbortSignal.timeout(requestTimeout),
    });
  } catch (cause) {
    throw new ApiError(0, 'network_error', 'Could not reach the server.', { cause });
  }
  if (response.ok) return response;
  const { error, message } = ((await response.json().catch(() => null)) ?? {}) as {
    error?: unknown;
    message?: unknown;
  };
  throw new ApiError(
    response.status,
    typeof error === 'string' ? error : `http_${response.status}`,
    typeof message === 'string' ? message : `The server refused the request (HTTP ${response.status}).`,
  );
}
