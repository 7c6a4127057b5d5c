import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, sessionCookie, signIn, type TestApp } from '../../../test/app';
import { DIALECTS } from '../../../test/db';
import {
  buildMunicipality,
  buildOrg,
  buildPerson,
  buildPosition,
  TEST_PASSWORD,
} from '../../../test/factories';

describe.each(DIALECTS)('auth on %s', (dialect) => {
  let t: TestApp;
  let clock = new Date('2026-01-10T10:00:00Z');
  let teacher: { personId: number; login: string | null };

  beforeAll(async () => {
    t = await createTestApp(
      dialect,
      { PARTA_LOGIN_MAX_FAILURES: '3', PARTA_LOGIN_LOCK_SECONDS: '600' },
      () => clock,
    );
    const m = await buildMunicipality(t.tdb.db);
    const org = await buildOrg(t.tdb.db, m, 'general', 'Школа № 1');
    teacher = await buildPerson(t.tdb.db, m, {
      login: 'teacher',
      phone: '+79120000001',
      email: 'Teacher@Example.ru',
    });
    await buildPosition(t.tdb.db, teacher.personId, org, 'teacher');
  });
  afterAll(async () => t.close());

  const login = (body: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: body as object, headers });

  it('signs in by login, phone in any format and e-mail, and returns the person', async () => {
    for (const name of [
      'teacher',
      'TEACHER',
      '8 (912) 000-00-01',
      '+7 912 000 00 01',
      'teacher@example.ru',
    ]) {
      const res = await login({ login: name, password: TEST_PASSWORD });
      expect(res.statusCode, name).toBe(200);
      const me = res.json();
      expect(me.person.id).toBe(teacher.personId);
      expect(me.person.positions[0].organizationName).toBe('Школа № 1');
      expect(me.csrfToken).toMatch(/^[\w-]{20,}$/);
      const cookie = res.cookies.find((c) => c.name === 'parta_session');
      expect(cookie?.httpOnly).toBe(true);
      expect(cookie?.sameSite).toBe('Lax');
    }
  });

  it('answers 400 naming the field for bad bodies, and unknown fields', async () => {
    const missing = await login({ login: 'teacher' });
    expect(missing.statusCode).toBe(400);
    expect(errorCode(missing)).toBe('VALIDATION_FAILED');
    expect(missing.json().error.details[0].path).toBe('body.password');
    const extra = await login({ login: 'teacher', password: 'x', admin: true });
    expect(errorCode(extra)).toBe('VALIDATION_FAILED');
    expect(extra.json().error.message).toContain('admin');
    const wrongType = await login({ login: 42, password: 'x' });
    expect(wrongType.json().error.details[0].path).toBe('body.login');
    const broken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: '{"login": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(broken.statusCode).toBe(400);
    expect(errorCode(broken)).toBe('MALFORMED_JSON');
    const proto = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: '{"__proto__": {"x": 1}, "login": "a", "password": "b"}',
      headers: { 'content-type': 'application/json' },
    });
    expect(proto.statusCode).toBe(400);
  });

  it('GET /me is 401 without a session and 200 with one', async () => {
    const anon = await t.app.inject({ method: 'GET', url: '/api/v1/me' });
    expect(anon.statusCode).toBe(401);
    expect(errorCode(anon)).toBe('UNAUTHENTICATED');
    const s = await signIn(t.app, 'teacher');
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { cookie: s.cookie },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json().csrfToken).toBe(s.csrf);
  });

  it('requires the CSRF token and an allowed Origin for cookie writes; bearer needs neither', async () => {
    const s = await signIn(t.app, 'teacher');
    const noToken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: s.cookie },
    });
    expect(noToken.statusCode).toBe(403);
    expect(errorCode(noToken)).toBe('CSRF_FAILED');
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: s.cookie, 'x-csrf-token': 'nope' },
    });
    expect(errorCode(wrong)).toBe('CSRF_FAILED');
    const foreign = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { ...s.headers, origin: 'https://evil.example' },
    });
    expect(errorCode(foreign)).toBe('CSRF_FAILED');
    const sameOrigin = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { ...s.headers, origin: 'http://localhost:80', host: 'localhost:80' },
    });
    expect(sameOrigin.statusCode).toBe(204);

    const tok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/token',
      payload: { login: 'teacher', password: TEST_PASSWORD },
    });
    expect(tok.statusCode).toBe(200);
    const bearer = { authorization: `Bearer ${tok.json().token}` };
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer })).statusCode,
    ).toBe(200);
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: bearer }))
        .statusCode,
    ).toBe(204);
    const after = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer });
    expect(after.statusCode).toBe(401);
    expect(errorCode(after)).toBe('SESSION_EXPIRED');
  });

  it('logout ends the session', async () => {
    const s = await signIn(t.app, 'teacher');
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: s.headers }))
        .statusCode,
    ).toBe(204);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: s.cookie } }))
        .statusCode,
    ).toBe(401);
  });

  it('lists own sessions and revokes one', async () => {
    const a = await signIn(t.app, 'teacher');
    const b = await signIn(t.app, 'teacher');
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/sessions',
      headers: { cookie: a.cookie },
    });
    const items = list.json().items as { id: string; current: boolean }[];
    expect(items.filter((i) => i.current)).toHaveLength(1);
    const other = (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/auth/sessions',
        headers: { cookie: b.cookie },
      })
    )
      .json()
      .items.find((i: { current: boolean }) => i.current);
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/auth/sessions/${other.id}`,
      headers: a.headers,
    });
    expect(del.statusCode).toBe(204);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: b.cookie } }))
        .statusCode,
    ).toBe(401);
    const again = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/auth/sessions/${other.id}`,
      headers: a.headers,
    });
    expect(again.statusCode).toBe(404);
  });

  it('expires sessions after the idle lifetime', async () => {
    const s = await signIn(t.app, 'teacher');
    const saved = clock;
    clock = new Date(clock.getTime() + 31 * 24 * 3600_000);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: s.cookie } }))
        .statusCode,
    ).toBe(401);
    clock = saved;
  });

  it('throttles failed sign-ins per account with 429 and Retry-After, then lets the right password in after the lock', async () => {
    const m = await buildMunicipality(t.tdb.db, 'Другой');
    await buildPerson(t.tdb.db, m, { login: 'victim' });
    for (let i = 0; i < 3; i++) {
      const r = await login({ login: 'victim', password: 'wrong-password' });
      expect(r.statusCode).toBe(401);
      expect(errorCode(r)).toBe('INVALID_CREDENTIALS');
    }
    const locked = await login({ login: 'victim', password: TEST_PASSWORD });
    expect(locked.statusCode).toBe(429);
    expect(errorCode(locked)).toBe('LOGIN_THROTTLED');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(600);
    // Another account from the same address is not locked by this one.
    expect((await login({ login: 'teacher', password: TEST_PASSWORD })).statusCode).toBe(200);
    const saved = clock;
    clock = new Date(clock.getTime() + 601_000);
    expect((await login({ login: 'victim', password: TEST_PASSWORD })).statusCode).toBe(200);
    clock = saved;
  });

  it('throttles per address across accounts', async () => {
    const t2 = await createTestApp(dialect, { PARTA_LOGIN_MAX_FAILURES_PER_IP: '4' }, () => clock);
    try {
      for (let i = 0; i < 4; i++)
        await t2.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { login: `nobody${i}`, password: 'x' },
        });
      const r = await t2.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { login: 'someone-else', password: 'x' },
      });
      expect(r.statusCode).toBe(429);
      expect(r.headers['retry-after']).toBeDefined();
    } finally {
      await t2.close();
    }
  });

  it('changes the password: refuses weak ones, ends other sessions', async () => {
    const m = await buildMunicipality(t.tdb.db, 'Третий');
    await buildPerson(t.tdb.db, m, { login: 'changer' });
    const a = await signIn(t.app, 'changer');
    const b = await signIn(t.app, 'changer');
    const short = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: a.headers,
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'short' },
    });
    expect(errorCode(short)).toBe('WEAK_PASSWORD');
    const common = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: a.headers,
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'qwerty123' },
    });
    expect(errorCode(common)).toBe('WEAK_PASSWORD');
    const wrongCurrent = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: a.headers,
      payload: { currentPassword: 'nope-nope', newPassword: 'Lilac-River-1987' },
    });
    expect(errorCode(wrongCurrent)).toBe('INVALID_CREDENTIALS');
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: a.headers,
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'Lilac-River-1987' },
    });
    expect(ok.statusCode).toBe(204);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: b.cookie } }))
        .statusCode,
    ).toBe(401);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: a.cookie } }))
        .statusCode,
    ).toBe(200);
    expect((await signIn(t.app, 'changer', 'Lilac-River-1987')).cookie).toContain('parta_session=');
  });

  it('refuses a disabled account only after the right password', async () => {
    const m = await buildMunicipality(t.tdb.db, 'Четвёртый');
    const p = await buildPerson(t.tdb.db, m, { login: 'gone' });
    const s = await signIn(t.app, 'gone');
    await t.tdb.db
      .updateTable('accounts')
      .set({ status: 'disabled' })
      .where('person_id', '=', p.personId)
      .execute();
    expect(errorCode(await login({ login: 'gone', password: 'wrong-one' }))).toBe(
      'INVALID_CREDENTIALS',
    );
    expect(errorCode(await login({ login: 'gone', password: TEST_PASSWORD }))).toBe(
      'ACCOUNT_DISABLED',
    );
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: s.cookie } }))
        .statusCode,
    ).toBe(401);
  });

  it('writes sign-ins to the audit log', async () => {
    const rows = await t.tdb.db.selectFrom('audit_log').select(['action']).execute();
    const actions = rows.map((r) => r.action);
    expect(actions).toContain('auth.login');
    expect(actions).toContain('auth.login_failed');
    expect(actions).toContain('auth.logout');
  });

  it('marks the cookie Secure behind HTTPS', async () => {
    const t3 = await createTestApp(dialect, { PARTA_PUBLIC_URL: 'https://parta.example.ru' });
    try {
      const m = await buildMunicipality(t3.tdb.db);
      await buildPerson(t3.tdb.db, m, { login: 'sec' });
      const res = await t3.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { login: 'sec', password: TEST_PASSWORD },
      });
      expect(res.cookies.find((c) => c.name === 'parta_session')?.secure).toBe(true);
      expect(sessionCookie(res)).toContain('parta_session=');
    } finally {
      await t3.close();
    }
  });
});
