import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { WS_CLOSE } from '@parta/shared';
import type { Config } from '../config';
import type { Db } from '../db/database';
import { resolveSession, type AuthSettings } from '../modules/auth';
import type { Actor } from '../platform/actor';
import { isAllowedOrigin, SESSION_COOKIE } from '../platform/auth-hook';

export type Admission =
  { ok: true; actor: Actor; token: string } | { ok: false; code: number; reason: string };

export interface AdmissionDeps {
  config: Config;
  db: Db;
  settings: AuthSettings;
  now: () => Date;
  parseCookie: (header: string) => Record<string, string | undefined>;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function trustsProxy(config: Config): boolean {
  const v = config.PARTA_TRUST_PROXY.trim();
  return v !== '' && v !== '0' && v !== 'false';
}

/** The scheme the browser used, as Fastify would see it (`X-Forwarded-Proto` only behind a trusted proxy). */
function protocolOf(req: IncomingMessage, config: Config): 'http' | 'https' {
  if ((req.socket as Partial<TLSSocket>).encrypted) return 'https';
  if (trustsProxy(config)) {
    const forwarded = header(req, 'x-forwarded-proto')?.split(',')[0]?.trim();
    if (forwarded === 'https' || forwarded === 'http') return forwarded;
  }
  return 'http';
}

/**
 * The credential of an upgrade request, in this order: `Authorization: Bearer`,
 * `?token=` (non-browser clients that cannot set headers), the session cookie.
 */
export function upgradeToken(
  req: IncomingMessage,
  deps: Pick<AdmissionDeps, 'parseCookie'>,
): string | null {
  const auth = header(req, 'authorization');
  const bearer = auth ? /^Bearer\s+(\S+)$/i.exec(auth)?.[1] : undefined;
  if (bearer) return bearer;
  const query = new URL(req.url ?? '/', 'http://upgrade.invalid').searchParams.get('token');
  if (query) return query;
  const cookie = header(req, 'cookie');
  return (cookie ? deps.parseCookie(cookie)[SESSION_COOKIE] : undefined) ?? null;
}

/**
 * Decides whether an upgrade to `/api/v1/ws` may open. A present Origin must
 * be allowed (else 4405: a foreign page must not ride the user's cookie);
 * then the token must resolve to a live session (else 4401). Rejects only when
 * the database fails — the caller answers 503 and the client retries.
 */
export async function admitUpgrade(req: IncomingMessage, deps: AdmissionDeps): Promise<Admission> {
  const origin = header(req, 'origin');
  if (
    origin !== undefined &&
    !isAllowedOrigin(
      deps.config,
      { headers: req.headers, protocol: protocolOf(req, deps.config) },
      origin,
    )
  ) {
    return { ok: false, code: WS_CLOSE.ORIGIN_FORBIDDEN, reason: 'origin not allowed' };
  }
  const token = upgradeToken(req, deps);
  if (!token) return { ok: false, code: WS_CLOSE.UNAUTHENTICATED, reason: 'sign in first' };
  const resolved = await resolveSession(deps.db, token, deps.settings, deps.now());
  if (!resolved) return { ok: false, code: WS_CLOSE.UNAUTHENTICATED, reason: 'session ended' };
  return { ok: true, actor: resolved.actor, token };
}
