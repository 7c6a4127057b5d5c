import type { ErrorCode } from '@parta/shared';

/** Codes the client itself produces when there is no usable answer from the server. */
export type ClientErrorCode = 'NETWORK_ERROR' | 'BAD_RESPONSE';

/** A server code from the catalogue, a client code, or a code newer than this build. */
export type ApiErrorCode = ErrorCode | ClientErrorCode | (string & {});

export interface ApiErrorInit {
  code: ApiErrorCode;
  status: number;
  message: string;
  retriable: boolean;
  details?: { path: string; message: string }[];
  retryAfterSeconds?: number | null;
}

/**
 * A failed API call. `status` is the HTTP status, or 0 when no response arrived
 * (`code` is then `NETWORK_ERROR`). Branch on `code`, never on `message`: the
 * message is the server's English text, meant for logs, not for people.
 */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly status: number;
  readonly retriable: boolean;
  readonly details: { path: string; message: string }[] | undefined;
  /** From the `Retry-After` header, when the server sent one. */
  readonly retryAfterSeconds: number | null;

  constructor(init: ApiErrorInit, options?: { cause?: unknown }) {
    super(init.message, options);
    this.name = 'ApiError';
    this.code = init.code;
    this.status = init.status;
    this.retriable = init.retriable;
    this.details = init.details;
    this.retryAfterSeconds = init.retryAfterSeconds ?? null;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  method?: HttpMethod;
  /** Sent as JSON. Without a body no Content-Type is sent (Fastify rejects empty JSON). */
  body?: unknown;
  /** Sent as it is (a file), with its own Content-Type, instead of a JSON `body`. */
  raw?: { body: Blob; contentType: string };
  signal?: AbortSignal;
}

/**
 * The one way the SPA talks to `/api`. Cookies travel same-origin; the CSRF
 * token given by the login response or `GET /api/v1/me` is kept here and sent
 * as `X-CSRF-Token` on every request that may change state.
 */
export class ApiClient {
  private csrfToken: string | null = null;

  constructor(private readonly baseUrl = '') {}

  setCsrfToken(token: string | null): void {
    this.csrfToken = token;
  }

  get hasCsrfToken(): boolean {
    return this.csrfToken !== null;
  }

  get<T>(path: string, options: Omit<RequestOptions, 'method' | 'body'> = {}): Promise<T> {
    return this.request<T>(path, { ...options, method: 'GET' });
  }

  post<T>(path: string, body?: unknown, options: Omit<RequestOptions, 'method'> = {}): Promise<T> {
    return this.request<T>(path, { ...options, method: 'POST', body });
  }

  put<T>(path: string, body?: unknown, options: Omit<RequestOptions, 'method'> = {}): Promise<T> {
    return this.request<T>(path, { ...options, method: 'PUT', body });
  }

  patch<T>(path: string, body?: unknown, options: Omit<RequestOptions, 'method'> = {}): Promise<T> {
    return this.request<T>(path, { ...options, method: 'PATCH', body });
  }

  delete<T>(path: string, options: Omit<RequestOptions, 'method' | 'body'> = {}): Promise<T> {
    return this.request<T>(path, { ...options, method: 'DELETE' });
  }

  /** Resolves with the parsed JSON body, or `undefined` for an empty answer (204). */
  async request<T>(path: string, options: RequestOptions = {}): Promise<T> {
    const method = options.method ?? 'GET';
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (options.raw) headers['Content-Type'] = options.raw.contentType;
    else if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    if (!SAFE_METHODS.has(method) && this.csrfToken !== null) {
      headers['X-CSRF-Token'] = this.csrfToken;
    }

    let response: Response;
    try {
      // `fetch` is looked up at call time so tests can stub the global.
      response = await fetch(this.baseUrl + path, {
        method,
        headers,
        credentials: 'same-origin',
        body: options.raw
          ? options.raw.body
          : options.body === undefined
            ? null
            : JSON.stringify(options.body),
        signal: options.signal ?? null,
      });
    } catch (cause) {
      if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
      throw new ApiError(
        {
          code: 'NETWORK_ERROR',
          status: 0,
          message: 'No response from the server.',
          retriable: true,
        },
        { cause },
      );
    }

    if (response.ok) return (await readJson(response)) as T;
    throw await toApiError(response);
  }

  /**
   * POSTs a multipart body and reports how much of it has gone up — `fetch`
   * cannot tell upload progress, `XMLHttpRequest` can. Errors are the same
   * `ApiError`s as `request` gives; an aborted upload rejects with the
   * `AbortError` DOMException (never an ApiError), so callers can tell "the
   * person cancelled" from "it failed".
   */
  upload<T>(path: string, body: FormData, options: UploadOptions = {}): Promise<T> {
    const { signal, onProgress } = options;
    return new Promise<T>((resolve, reject) => {
      const aborted = () => new DOMException('The upload was cancelled.', 'AbortError');
      if (signal?.aborted) {
        reject(aborted());
        return;
      }
      const xhr = new XMLHttpRequest();
      xhr.open('POST', this.baseUrl + path);
      xhr.setRequestHeader('Accept', 'application/json');
      if (this.csrfToken !== null) xhr.setRequestHeader('X-CSRF-Token', this.csrfToken);
      const onAbort = () => xhr.abort();
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => signal?.removeEventListener('abort', onAbort);

      if (onProgress) {
        xhr.upload.onprogress = (event) => {
          if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
        };
      }
      xhr.onabort = () => {
        done();
        reject(aborted());
      };
      const networkError = () => {
        done();
        reject(
          new ApiError({
            code: 'NETWORK_ERROR',
            status: 0,
            message: 'No response from the server.',
            retriable: true,
          }),
        );
      };
      xhr.onerror = networkError;
      xhr.ontimeout = networkError;
      xhr.onload = () => {
        if (xhr.status < 200 || xhr.status > 599) {
          networkError();
          return;
        }
        done();
        // Rebuild a Response so answers are read by the same rules as `request`.
        const response = new Response(xhr.status === 204 ? null : xhr.responseText, {
          status: xhr.status,
          statusText: xhr.statusText,
          headers: parseHeaders(xhr.getAllResponseHeaders()),
        });
        const answer = response.ok
          ? readJson(response)
          : toApiError(response).then((e) => {
              throw e;
            });
        answer.then((value) => resolve(value as T), reject);
      };
      xhr.send(body);
    });
  }
}

export interface UploadOptions {
  signal?: AbortSignal;
  /** Share of the body sent so far, 0…1 (only when the browser knows the total). */
  onProgress?: (fraction: number) => void;
}

/** `getAllResponseHeaders()` text → Headers (names are case-insensitive there). */
function parseHeaders(raw: string): Headers {
  const headers = new Headers();
  for (const line of raw.trim().split(/[\r\n]+/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    try {
      headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
    } catch {
      // A header the Headers class refuses (invalid name) is not one we read.
    }
  }
  return headers;
}

async function readJson(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new ApiError(
      {
        code: 'BAD_RESPONSE',
        status: response.status,
        message: 'The server answered with something that is not JSON.',
        retriable: false,
      },
      { cause },
    );
  }
}

/** Reads `{"error": {code, message, retriable, details?}}`; anything else becomes BAD_RESPONSE. */
async function toApiError(response: Response): Promise<ApiError> {
  const retryAfterSeconds = parseRetryAfter(response.headers.get('Retry-After'));
  let body: unknown;
  try {
    body = JSON.parse(await response.text());
  } catch {
    body = undefined;
  }
  const error = isRecord(body) && isRecord(body.error) ? body.error : null;
  if (error && typeof error.code === 'string') {
    return new ApiError({
      code: error.code,
      status: response.status,
      message: typeof error.message === 'string' ? error.message : response.statusText,
      retriable: typeof error.retriable === 'boolean' ? error.retriable : response.status >= 500,
      details: Array.isArray(error.details)
        ? (error.details as { path: string; message: string }[])
        : undefined,
      retryAfterSeconds,
    });
  }
  return new ApiError({
    code: 'BAD_RESPONSE',
    status: response.status,
    message: `HTTP ${response.status} ${response.statusText}`.trim(),
    retriable: response.status >= 500,
    retryAfterSeconds,
  });
}

/** `Retry-After` is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** The client the app uses; tests build their own or stub `fetch`. */
export const api = new ApiClient();
