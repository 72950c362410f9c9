/**
 * The one way the web app talks to the server: JSON over fetch with the session cookie, the CSRF
 * header on writes, RFC 9457 problems turned into `ApiError`, and a 401 sending the user to sign-in.
 */

/** A field-level validation problem, `field` being a dotted path such as `email` or `phones.0.number`. */
export interface FieldError {
  field: string;
  code: string;
  message: string;
}

/** An error response from the API (problem+json), or a network failure (`status` 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly errors: FieldError[];
  /** The whole problem document, for extension members such as `current` on a 412. */
  readonly body: Record<string, unknown>;

  constructor(
    status: number,
    code: string,
    detail: string,
    errors: FieldError[] = [],
    body: Record<string, unknown> = {},
  ) {
    super(detail || code || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.errors = errors;
    this.body = body;
  }

  /** Field errors keyed by field path (first message wins). */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.errors) out[e.field] ??= e.message;
    return out;
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** When false, a 401 is returned as an ApiError instead of redirecting to sign-in (login form, session probe). */
  redirectOn401?: boolean;
}

export interface ApiResponse<T> {
  data: T;
  status: number;
  etag: string | null;
}

const BASE = '/api/v1';
let csrfToken: string | null = null;
let language = 'en';
let onUnauthorized: () => void = () => {
  const next = window.location.pathname + window.location.search;
  window.location.assign(`/sign-in?next=${encodeURIComponent(next)}`);
};

/** Remembers the session's CSRF token; every write sends it in `x-csrf-token`. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The UI language, sent as Accept-Language so the server can answer in it. */
export function setRequestLanguage(locale: string): void {
  language = locale;
}

/** Replaces what happens on a 401 (the router installs a client-side redirect). */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

/** Sends one request and returns the parsed body with status and ETag. Throws `ApiError`. */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = {
    accept: 'application/json',
    'accept-language': language,
    ...options.headers,
  };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;

  let res: Response;
  try {
    res = await fetch(BASE + path, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'network_error', (err as Error).message);
  }

  if (res.status === 401 && options.redirectOn401 !== false) {
    csrfToken = null;
    onUnauthorized();
  }
  const body = await readBody(res);
  if (!res.ok) throw toApiError(res.status, body);
  return { data: body as T, status: res.status, etag: res.headers.get('etag') };
}

async function readBody(res: Response): Promise<unknown> {
  if (res.status === 204) return undefined;
  const text = await res.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function toApiError(status: number, body: unknown): ApiError {
  if (body && typeof body === 'object') {
    const p = body as { code?: string; detail?: string; title?: string; errors?: FieldError[] };
    const errors = Array.isArray(p.errors) ? p.errors : [];
    return new ApiError(
      status,
      p.code ?? '',
      p.detail ?? p.title ?? '',
      errors,
      body as Record<string, unknown>,
    );
  }
  return new ApiError(status, '', typeof body === 'string' ? body.slice(0, 200) : '');
}

/**
 * POSTs `body` and saves the file the server answers with under the name it gives
 * (Content-Disposition). Throws `ApiError`.
 */
export async function downloadPost(path: string, body: unknown, fallbackName: string): Promise<void> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'accept-language': language,
  };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(BASE + path, {
      method: 'POST',
      headers,
      credentials: 'same-origin',
      body: JSON.stringify(body),
    });
  } catch (err) {
    throw new ApiError(0, 'network_error', (err as Error).message);
  }
  if (res.status === 401) {
    csrfToken = null;
    onUnauthorized();
  }
  if (!res.ok) throw toApiError(res.status, await readBody(res));
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  // The click has handed the blob to the download; the address is not needed after this task.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Shorthands returning just the body. */
export const api = {
  get: async <T>(path: string, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    (await request<T>(path, options)).data,
  post: async <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    (await request<T>(path, { ...options, method: 'POST', body })).data,
  patch: async <T>(path: string, body: unknown, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    (await request<T>(path, { ...options, method: 'PATCH', body })).data,
  delete: async <T = void>(path: string, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    (await request<T>(path, { ...options, method: 'DELETE' })).data,
};

/** Builds a query string from defined values (`?a=1&b=x`, or '' when empty). */
export function query(params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const s = search.toString();
  return s ? `?${s}` : '';
}
