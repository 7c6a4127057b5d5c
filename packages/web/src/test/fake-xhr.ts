import { vi } from 'vitest';

/**
 * An XMLHttpRequest the test drives (uploads with progress): it records what
 * the client sent and lets the test play the network (`progress`, `respond`,
 * `fail`). Install with `stubXhr()`; every request made is in `requests`.
 */
export class FakeXhr {
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: unknown = undefined;
  status = 0;
  statusText = '';
  responseText = '';
  aborted = false;
  private responseHeaders = '';
  readonly upload: { onprogress: ((event: ProgressEvent) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  ontimeout: (() => void) | null = null;

  open(method: string, url: string): void {
    this.method = method;
    this.url = url;
  }

  setRequestHeader(name: string, value: string): void {
    this.headers[name] = value;
  }

  send(body: unknown): void {
    this.body = body;
  }

  abort(): void {
    this.aborted = true;
    this.onabort?.();
  }

  getAllResponseHeaders(): string {
    return this.responseHeaders;
  }

  /** The browser reports `loaded` of `total` bytes sent. */
  progress(loaded: number, total: number): void {
    this.upload.onprogress?.({ lengthComputable: true, loaded, total } as ProgressEvent);
  }

  respond(status: number, body: unknown, headers: Record<string, string> = {}): void {
    this.status = status;
    this.responseText = body === undefined ? '' : JSON.stringify(body);
    this.responseHeaders = Object.entries({ 'content-type': 'application/json', ...headers })
      .map(([k, v]) => `${k}: ${v}`)
      .join('\r\n');
    this.onload?.();
  }

  /** The connection broke (no answer). */
  fail(): void {
    this.onerror?.();
  }

  /** The file part of a multipart body. */
  get file(): File | null {
    const value = this.body instanceof FormData ? this.body.get('file') : null;
    return value instanceof File ? value : null;
  }
}

export function stubXhr() {
  const requests: FakeXhr[] = [];
  vi.stubGlobal(
    'XMLHttpRequest',
    class extends FakeXhr {
      constructor() {
        super();
        requests.push(this);
      }
    },
  );
  return {
    requests,
    get last(): FakeXhr {
      const xhr = requests.at(-1);
      if (!xhr) throw new Error('no XMLHttpRequest was made');
      return xhr;
    },
  };
}
