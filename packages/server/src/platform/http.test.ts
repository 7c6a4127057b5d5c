import fs from 'node:fs';
import path from 'node:path';
import { ERRORS, ERROR_CODES } from '@parta/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, type TestApp } from '../../test/app';
import { DIALECTS } from '../../test/db';

describe('the error catalogue', () => {
  const doc = fs.readFileSync(
    path.resolve(import.meta.dirname, '../../../../docs/api/errors.md'),
    'utf8',
  );

  it('is documented code by code, with the same status', () => {
    for (const code of ERROR_CODES) {
      const cells = doc
        .split('\n')
        .find((l) => l.startsWith(`| \`${code}\` `))
        ?.split('|')
        .map((c) => c.trim());
      expect(cells, `docs/api/errors.md lacks ${code}`).toBeDefined();
      expect(cells?.[2]).toBe(String(ERRORS[code].status));
      expect(cells?.[3]).toBe(ERRORS[code].retriable ? 'yes' : 'no');
    }
    const documented = [...doc.matchAll(/^\| `([A-Z_]+)` +\|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual([...ERROR_CODES].sort());
  });
});

describe.each(DIALECTS)('HTTP basics on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { PARTA_BODY_LIMIT: '2048' });
  });
  afterAll(async () => t.close());

  it('answers an unknown API route with 404 ROUTE_NOT_FOUND in the error shape', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      error: {
        code: 'ROUTE_NOT_FOUND',
        message: 'No endpoint GET /api/v1/nothing-here',
        retriable: false,
      },
    });
    const post = await t.app.inject({ method: 'POST', url: '/api/v1/nothing-here', payload: {} });
    expect(errorCode(post)).toBe('ROUTE_NOT_FOUND');
  });

  it('refuses oversize bodies with 413 before parsing', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { login: 'x'.repeat(5000), password: 'y' },
    });
    expect(res.statusCode).toBe(413);
    expect(errorCode(res)).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses an unsupported content type with 415', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: 'login=a&password=b',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.statusCode).toBe(415);
    expect(errorCode(res)).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('serves health, readiness, metrics and the OpenAPI document', async () => {
    expect((await t.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject({ url: '/readyz' })).json()).toEqual({
      status: 'ready',
      database: dialect,
    });
    const metrics = await t.app.inject({ url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toContain('parta_http_request_duration_seconds');
    const spec = (await t.app.inject({ url: '/api/v1/openapi.json' })).json();
    expect(spec.openapi).toMatch(/^3\./);
    expect(
      spec.paths['/api/v1/auth/login'].post.requestBody.content['application/json'].schema.required,
    ).toEqual(expect.arrayContaining(['login', 'password']));
    expect(spec.paths['/api/v1/me'].get).toBeDefined();
    const docs = await t.app.inject({ url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toContain('text/html');
  });

  it('answers 503 on /readyz when the database is gone', async () => {
    const t2 = await createTestApp(dialect);
    await t2.tdb.close();
    const res = await t2.app.inject({ url: '/readyz' });
    expect(res.statusCode).toBe(503);
    await t2.app.close();
    await t2.tdb.drop();
  });
});
