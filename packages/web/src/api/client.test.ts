import { describe, expect, it } from 'vitest';
import { apiError, json, stubFetch } from '../test/fake-fetch';
import { ApiClient, ApiError, parseRetryAfter } from './client';
import { waitMinutes } from './error-message';

describe('ApiClient', () => {
  it('sends X-CSRF-Token on writes only, and JSON only with a body', async () => {
    const { requests } = stubFetch({
      'GET /api/v1/me': json(200, { ok: true }),
      'POST /api/v1/things': json(201, { id: 1 }),
      'POST /api/v1/auth/logout': new Response(null, { status: 204 }),
    });
    const client = new ApiClient();
    client.setCsrfToken('t0k3n');

    await expect(client.get('/api/v1/me')).resolves.toEqual({ ok: true });
    await expect(client.post('/api/v1/things', { a: 1 })).resolves.toEqual({ id: 1 });
    await expect(client.post('/api/v1/auth/logout')).resolves.toBeUndefined();

    const [get, create, logout] = requests;
    expect(get?.headers.has('X-CSRF-Token')).toBe(false);
    expect(create?.headers.get('X-CSRF-Token')).toBe('t0k3n');
    expect(create?.headers.get('Content-Type')).toBe('application/json');
    expect(create?.body).toEqual({ a: 1 });
    expect(logout?.headers.has('Content-Type')).toBe(false);
    expect(requests.every((r) => r.credentials === 'same-origin')).toBe(true);
  });

  it('turns the error body into an ApiError with code, status and details', async () => {
    stubFetch({
      'POST /api/v1/auth/login': json(400, {
        error: {
          code: 'VALIDATION_FAILED',
          message: 'The request failed validation.',
          retriable: false,
          details: [{ path: 'body.login', message: 'Required' }],
        },
      }),
    });
    const error = await new ApiClient().post('/api/v1/auth/login', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      code: 'VALIDATION_FAILED',
      status: 400,
      retriable: false,
      details: [{ path: 'body.login', message: 'Required' }],
    });
  });

  it('reports a body that is not the error shape as BAD_RESPONSE', async () => {
    stubFetch({ 'GET /api/v1/me': new Response('<html>Bad gateway</html>', { status: 502 }) });
    await expect(new ApiClient().get('/api/v1/me')).rejects.toMatchObject({
      code: 'BAD_RESPONSE',
      status: 502,
      retriable: true,
    });
  });

  it('reports a failed connection as NETWORK_ERROR with status 0', async () => {
    stubFetch({ 'GET /api/v1/me': new TypeError('Failed to fetch') });
    await expect(new ApiClient().get('/api/v1/me')).rejects.toMatchObject({
      code: 'NETWORK_ERROR',
      status: 0,
      retriable: true,
    });
  });

  it('reads Retry-After', async () => {
    stubFetch({
      'POST /api/v1/auth/login': apiError(429, 'LOGIN_THROTTLED', 'x', { 'Retry-After': '90' }),
    });
    await expect(new ApiClient().post('/api/v1/auth/login', {})).rejects.toMatchObject({
      retryAfterSeconds: 90,
    });
  });
});

describe('waiting time', () => {
  it('parses Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2025-01-01T10:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter('Wed, 01 Jan 2025 10:03:00 GMT', now)).toBe(180);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });

  it('falls back to the message when there is no header', () => {
    const throttled = (message: string, retryAfterSeconds: number | null = null) =>
      new ApiError({
        code: 'LOGIN_THROTTLED',
        status: 429,
        message,
        retriable: true,
        retryAfterSeconds,
      });
    expect(waitMinutes(throttled('x', 30))).toBe(1);
    expect(waitMinutes(throttled('Try again in 15 minutes.'))).toBe(15);
    expect(waitMinutes(throttled('Try again in 600 seconds.'))).toBe(10);
    expect(waitMinutes(throttled('Try again later.'))).toBeNull();
  });
});
