// Calls /api of a test app the way a page or another client would, and reads the JSON answer.

export interface CallOptions {
  /** A `Cookie` header, e.g. the session cookie from `signIn()`. */
  cookie?: string;
  /** An `Authorization` header, e.g. from `bearer()`. */
  authorization?: string;
  /** The `Origin` header; the app's own origin unless given, none when null. */
  origin?: string | null;
  /** Sent as JSON with `Content-Type: application/json`. */
  json?: unknown;
  /** A raw body, sent with whatever `headers` say. */
  body?: string;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  /** The parsed JSON body, or null for an empty or non-JSON one. */
  body: any;
  headers: Headers;
}

/** Returns `call(method, path, options)` bound to the app at `url`. */
export function apiClient(url: string) {
  return async function call(method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
    const headers: Record<string, string> = {};
    const origin = options.origin === undefined ? url : options.origin;
    if (origin !== null) headers.Origin = origin;
    if (options.cookie) headers.Cookie = options.cookie;
    if (options.authorization) headers.Authorization = options.authorization;
    if (options.json !== undefined) headers['Content-Type'] = 'application/json';
    const body = options.json !== undefined ? JSON.stringify(options.json) : options.body;
    const response = await fetch(`${url}${path}`, { method, headers: { ...headers, ...options.headers }, body });
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    return { status: response.status, body: parsed, headers: response.headers };
  };
}
