/**
 * The dashboard's one way to the server: JSON over /api/v1 with the session cookie. Every
 * state-changing request carries `x-piguard-csrf: 1` — a custom header a cross-site form cannot
 * send — which the server requires of cookie-authenticated writes.
 */

/** A non-2xx answer from the API, with the server's message when it sent one. */
export class ApiError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

const PREFIX = '/api/v1';

/** Called on every 401 so the app can drop its session and show the login page. */
let onUnauthorized: () => void = () => undefined;

/**
 * Registers what happens when the server says the session is gone.
 *
 * @example
 * setUnauthorizedHandler(() => setUser(null));
 */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

async function errorFrom(res: Response): Promise<ApiError> {
  let message = res.statusText || `HTTP ${res.status}`;
  try {
    const body = (await res.json()) as { message?: unknown; error?: unknown };
    if (typeof body.message === 'string') message = body.message;
    else if (typeof body.error === 'string') message = body.error;
  } catch {
    // Not JSON: keep the status text.
  }
  return new ApiError(res.status, message);
}

async function request(method: string, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('accept', 'application/json');
  if (method !== 'GET' && method !== 'HEAD') headers.set('x-piguard-csrf', '1');
  const res = await fetch(PREFIX + path, {
    ...init,
    method,
    headers,
    credentials: 'same-origin',
  });
  if (!res.ok) {
    if (res.status === 401 && !path.startsWith('/auth/login')) onUnauthorized();
    throw await errorFrom(res);
  }
  return res;
}

async function json<T>(res: Response): Promise<T> {
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  if (!type.includes('json')) return (await res.text()) as T;
  return (await res.json()) as T;
}

/**
 * GET a JSON resource.
 *
 * @example
 * const me = await apiGet<Me>('/auth/me');
 */
export async function apiGet<T>(path: string): Promise<T> {
  return json<T>(await request('GET', path));
}

/**
 * POST a JSON body (or nothing) and read the JSON answer.
 *
 * @example
 * await apiPost('/auth/login', { username: 'ana', password: '…' });
 */
export async function apiPost<T>(path: string, body?: unknown): Promise<T> {
  const init: RequestInit =
    body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
  return json<T>(await request('POST', path, init));
}

/**
 * PATCH a JSON body.
 *
 * @example
 * await apiPatch('/cases/c1', { status: 'closed' });
 */
export async function apiPatch<T>(path: string, body: unknown): Promise<T> {
  return json<T>(
    await request('PATCH', path, {
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    }),
  );
}

/**
 * POST a file as the raw request body (the leaked list for a trace).
 *
 * @example
 * const result = await apiUpload<TraceResult>('/traces', file);
 */
export async function apiUpload<T>(path: string, file: Blob): Promise<T> {
  // Bytes as they are: the server decides the format from the name it is given (a browser's
  // guess at a CSV's type varies by platform), and the encoding from the content.
  return json<T>(
    await request('POST', path, {
      body: file,
      headers: { 'content-type': 'application/octet-stream' },
    }),
  );
}

/**
 * Builds a query string from the defined values only.
 *
 * @example
 * query({ page: 2, since: undefined }) // '?page=2'
 */
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s === '' ? '' : `?${s}`;
}

/** The full URL of an API path, for plain links (downloads ride on the session cookie). */
export function apiUrl(path: string): string {
  return PREFIX + path;
}
