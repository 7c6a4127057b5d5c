import { vi } from 'vitest';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Headers;
  body: unknown;
  credentials: RequestCredentials | undefined;
}

type Answer = Response | Error | (() => Response | Promise<Response>);

/**
 * Stubs the global `fetch` — the component's outside world — with answers per
 * `"METHOD /path"`. A list of answers is consumed in order, the last one
 * repeating. Unknown routes fail the test loudly.
 */
export function stubFetch(routes: Record<string, Answer | Answer[]>) {
  const requests: RecordedRequest[] = [];
  const queues = new Map(
    Object.entries(routes).map(([k, v]) => [k, Array.isArray(v) ? [...v] : [v]]),
  );

  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const method = (init.method ?? 'GET').toUpperCase();
    const path = new URL(String(input), 'http://localhost').pathname;
    const text = typeof init.body === 'string' ? init.body : null;
    requests.push({
      method,
      path,
      headers: new Headers(init.headers),
      body: text === null ? undefined : (JSON.parse(text) as unknown),
      credentials: init.credentials,
    });
    const queue = queues.get(`${method} ${path}`);
    if (!queue || queue.length === 0) throw new Error(`unexpected request ${method} ${path}`);
    const answer = queue.length > 1 ? queue.shift() : queue[0];
    if (answer === undefined) throw new Error(`no answer left for ${method} ${path}`);
    if (answer instanceof Error) throw answer;
    // A Response body can be read once; clone so a repeating answer stays readable.
    const response = typeof answer === 'function' ? await answer() : answer;
    return response.clone();
  });
  vi.stubGlobal('fetch', fetchMock);
  return { fetchMock, requests };
}

export function json(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

export function apiError(
  status: number,
  code: string,
  message = 'x',
  headers: Record<string, string> = {},
): Response {
  return json(
    status,
    { error: { code, message, retriable: status >= 500 || status === 429 } },
    headers,
  );
}
