import { DEFAULT_PREFERENCES, type Preferences, type PreferencesResponse } from '@parta/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, signIn, type Session, type TestApp } from '../../../test/app';
import { DIALECTS } from '../../../test/db';
import { buildSchoolWorld } from '../../../test/world';
import { readStored } from './preferences.service';

const night: Preferences = {
  language: 'en',
  theme: 'dark',
  notifications: {
    enabled: true,
    sound: false,
    quietHours: { enabled: true, from: '21:30', to: '07:15', weekends: false },
  },
};

describe.each(DIALECTS)('preferences on %s', (dialect) => {
  let t: TestApp;
  let teacher: Session;
  let parent: Session;

  const get = (who: Session) =>
    t.app.inject({ method: 'GET', url: '/api/v1/me/preferences', headers: who.headers });
  const put = (who: Session, payload: unknown, headers: Record<string, string> = who.headers) =>
    t.app.inject({
      method: 'PUT',
      url: '/api/v1/me/preferences',
      headers,
      payload: payload as object,
    });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await buildSchoolWorld(t.tdb.db);
    teacher = await signIn(t.app, 't1');
    parent = await signIn(t.app, 'p1');
  });

  afterAll(async () => {
    await t.close();
  });

  it('starts from the defaults: quiet 20:00–08:00 and at weekends', async () => {
    const res = await get(parent);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ preferences: DEFAULT_PREFERENCES, updatedAt: null });
    expect(DEFAULT_PREFERENCES.notifications.quietHours).toEqual({
      enabled: true,
      from: '20:00',
      to: '08:00',
      weekends: true,
    });
  });

  it('keeps what a person saves for every device, and only for that person', async () => {
    const saved = await put(teacher, night);
    expect(saved.statusCode, saved.body).toBe(200);
    const body = saved.json() as PreferencesResponse;
    expect(body.preferences).toEqual(night);
    expect(body.updatedAt).not.toBeNull();

    // Another session of the same person (another device) sees the same.
    const phone = await signIn(t.app, 't1');
    expect((await get(phone)).json()).toMatchObject({ preferences: night });
    // Someone else still has the defaults.
    expect((await get(parent)).json()).toMatchObject({ preferences: DEFAULT_PREFERENCES });

    const changed = { ...night, theme: 'light' as const };
    expect((await put(phone, changed)).statusCode).toBe(200);
    expect((await get(teacher)).json()).toMatchObject({ preferences: changed });
  });

  it.each([
    [
      'an impossible time',
      {
        ...night,
        notifications: {
          ...night.notifications,
          quietHours: { ...night.notifications.quietHours, from: '24:00' },
        },
      },
    ],
    [
      'a time that is not HH:MM',
      {
        ...night,
        notifications: {
          ...night.notifications,
          quietHours: { ...night.notifications.quietHours, to: '7:00' },
        },
      },
    ],
    ['an unknown language', { ...night, language: 'de' }],
    ['an unknown key', { ...night, admin: true }],
    ['a part left out', { language: 'ru', theme: 'dark' }],
    ['not an object', ['ru']],
  ])('refuses %s with VALIDATION_FAILED and keeps what was saved', async (_what, payload) => {
    const before = (await get(teacher)).json() as PreferencesResponse;
    const res = await put(teacher, payload);
    expect(res.statusCode, res.body).toBe(400);
    expect(errorCode(res)).toBe('VALIDATION_FAILED');
    expect((await get(teacher)).json()).toEqual(before);
  });

  it('needs a session, and the CSRF token for a cookie write', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/me/preferences' });
    expect(anonymous.statusCode).toBe(401);
    const { 'x-csrf-token': _csrf, ...withoutToken } = teacher.headers;
    const forged = await put(teacher, night, withoutToken);
    expect(forged.statusCode).toBe(403);
  });
});

describe('a stored document read through the current schema', () => {
  it('fills keys added since with their defaults and drops what no longer validates', () => {
    const old = JSON.stringify({
      theme: 'dark',
      notifications: { sound: false, quietHours: { from: '25:00' } },
      gone: 1,
    });
    expect(readStored(old)).toEqual({
      ...DEFAULT_PREFERENCES,
      theme: 'dark',
      notifications: { ...DEFAULT_PREFERENCES.notifications, sound: false },
    });
  });

  it('falls back to the defaults for a document that is not JSON', () => {
    expect(readStored('{not json')).toEqual(DEFAULT_PREFERENCES);
    expect(readStored('null')).toEqual(DEFAULT_PREFERENCES);
  });
});
