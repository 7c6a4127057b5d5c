import type { FileInfo } from '@parta/shared';
import { describe, expect, it, vi } from 'vitest';
import { stubXhr } from '../test/fake-xhr';
import { ApiClient, ApiError } from './client';
import { uploadFile } from './files';

const stored: FileInfo = {
  id: 41,
  name: 'план.pdf',
  mime: 'application/pdf',
  size: 2048,
  kind: 'file',
  inline: false,
  width: null,
  height: null,
  url: '/api/v1/files/41',
  thumbnailUrl: null,
  createdAt: '2024-10-01T09:00:00.000Z',
};

const pdf = () => new File([new Uint8Array(2048)], 'план.pdf', { type: 'application/pdf' });

describe('uploads with progress', () => {
  it('posts one multipart part with the CSRF token, reports progress, and resolves with the stored file', async () => {
    const xhr = stubXhr();
    const client = new ApiClient();
    client.setCsrfToken('t0k3n');
    const progress = vi.fn();

    const done = uploadFile(pdf(), 'план.pdf', { onProgress: progress }, client);
    expect(xhr.last.method).toBe('POST');
    expect(xhr.last.url).toBe('/api/v1/files');
    expect(xhr.last.headers['X-CSRF-Token']).toBe('t0k3n');
    expect(xhr.last.file?.name).toBe('план.pdf');
    expect(xhr.last.file?.size).toBe(2048);

    xhr.last.progress(512, 2048);
    xhr.last.progress(2048, 2048);
    expect(progress.mock.calls.map(([f]) => f)).toEqual([0.25, 1]);

    xhr.last.respond(201, stored);
    await expect(done).resolves.toEqual(stored);
  });

  it('turns an error answer into the same ApiError as other requests (code, status, Retry-After)', async () => {
    const xhr = stubXhr();
    const done = uploadFile(pdf(), 'план.pdf', {}, new ApiClient());
    xhr.last.respond(
      413,
      {
        error: {
          code: 'FILE_TOO_LARGE',
          message: 'Files may be at most 50 MiB.',
          retriable: false,
        },
      },
      { 'retry-after': '30' },
    );
    const error = await done.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'FILE_TOO_LARGE', status: 413, retryAfterSeconds: 30 });
  });

  it('cancels: aborting the signal aborts the request and rejects with AbortError, not an ApiError', async () => {
    const xhr = stubXhr();
    const controller = new AbortController();
    const done = uploadFile(pdf(), 'план.pdf', { signal: controller.signal }, new ApiClient());
    xhr.last.progress(100, 2048);
    controller.abort();
    const error = await done.catch((e: unknown) => e);
    expect(xhr.last.aborted).toBe(true);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
  });

  it('does not even start when the signal is already aborted', async () => {
    const xhr = stubXhr();
    const controller = new AbortController();
    controller.abort();
    await expect(
      uploadFile(pdf(), 'план.pdf', { signal: controller.signal }, new ApiClient()),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(xhr.requests).toHaveLength(0);
  });

  it('reports a broken connection as NETWORK_ERROR (retriable)', async () => {
    const xhr = stubXhr();
    const done = uploadFile(pdf(), 'план.pdf', {}, new ApiClient());
    xhr.last.fail();
    await expect(done).rejects.toMatchObject({ code: 'NETWORK_ERROR', status: 0, retriable: true });
  });

  it('rejects an answer that is not JSON (a proxy’s error page) as BAD_RESPONSE', async () => {
    const xhr = stubXhr();
    const done = uploadFile(pdf(), 'план.pdf', {}, new ApiClient());
    xhr.last.status = 201;
    xhr.last.responseText = '<html>502 Bad Gateway</html>';
    xhr.last.onload?.();
    await expect(done).rejects.toMatchObject({ code: 'BAD_RESPONSE', status: 201 });
  });
});
