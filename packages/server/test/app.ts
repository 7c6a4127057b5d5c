import type { LightMyRequestResponse } from 'fastify';
import { buildApp, type AppInstance } from '../src/app';
import { MemoryBus, type Bus } from '../src/bus';
import { testConfig, type Config } from '../src/config';
import type { DialectName } from '../src/db/connect';
import { createTestDatabase, type TestDatabase } from './db';
import { TEST_PASSWORD } from './factories';

export interface TestApp {
  app: AppInstance;
  tdb: TestDatabase;
  bus: Bus;
  close(): Promise<void>;
}

/** A real app on a fresh database of one dialect; requests go through `app.inject`. */
export async function createTestApp(
  dialect: DialectName,
  overrides: Partial<Record<keyof Config, string>> = {},
  clock?: () => Date,
): Promise<TestApp> {
  const tdb = await createTestDatabase(dialect);
  const config = testConfig(overrides);
  const bus = new MemoryBus();
  const app = await buildApp({ config, db: tdb.db, dialect, bus, ...(clock ? { clock } : {}) });
  return {
    app,
    tdb,
    bus,
    close: async () => {
      await app.close();
      await bus.close();
      await tdb.drop();
    },
  };
}

export interface Session {
  cookie: string;
  csrf: string;
  /** Headers for a cookie-authenticated write. */
  headers: Record<string, string>;
}

/** Signs in through the API and returns the cookie and CSRF token. */
export async function signIn(
  app: AppInstance,
  login: string,
  password = TEST_PASSWORD,
): Promise<Session> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { login, password },
  });
  if (res.statusCode !== 200)
    throw new Error(`sign-in of ${login} failed: ${res.statusCode} ${res.body}`);
  const cookie = sessionCookie(res);
  const csrf = (res.json() as { csrfToken: string }).csrfToken;
  return { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf } };
}

export function sessionCookie(res: LightMyRequestResponse): string {
  const c = res.cookies.find((k) => k.name === 'parta_session');
  if (!c) throw new Error('no session cookie');
  return `parta_session=${c.value}`;
}

export function errorCode(res: LightMyRequestResponse): string | undefined {
  return (res.json() as { error?: { code?: string } }).error?.code;
}
