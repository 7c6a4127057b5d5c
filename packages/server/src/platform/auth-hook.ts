import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config';
import { resolveSession, type AuthSettings } from '../modules/auth';
import type { Actor } from './actor';
import { AppError } from './errors';
import type { AppDeps, AppInstance } from './types';

export const SESSION_COOKIE = 'parta_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function authSettings(config: Config): AuthSettings {
  return {
    sessionTtlHours: config.PARTA_SESSION_TTL_HOURS,
    maxFailuresPerAccount: config.PARTA_LOGIN_MAX_FAILURES,
    maxFailuresPerIp: config.PARTA_LOGIN_MAX_FAILURES_PER_IP,
    lockSeconds: config.PARTA_LOGIN_LOCK_SECONDS,
  };
}

/** Origins a browser may send writes from: the public URL, the configured list, and the host itself. */
export function isAllowedOrigin(
  config: Config,
  request: Pick<FastifyRequest, 'headers' | 'protocol'>,
  origin: string,
): boolean {
  const allowed = new Set(config.PARTA_ALLOWED_ORIGINS.map((o) => new URL(o).origin));
  if (config.PARTA_PUBLIC_URL) allowed.add(new URL(config.PARTA_PUBLIC_URL).origin);
  const host = request.headers.host;
  if (host) allowed.add(`${request.protocol}://${host}`);
  return allowed.has(origin);
}

export function bearerToken(request: FastifyRequest): string | null {
  const h = request.headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m?.[1] ?? null;
}

/**
 * Resolves the actor of every request, then guards cookie-authenticated
 * writes against CSRF: the `X-CSRF-Token` header must equal the session's
 * token, and a present Origin must be allowed. Bearer clients carry no
 * ambient credentials and need neither.
 */
export function installAuthHook(app: AppInstance, deps: AppDeps): void {
  const settings = authSettings(deps.config);
  const now = deps.clock ?? (() => new Date());
  app.decorateRequest('actor', null);
  // Resolve the session before the body is validated, so an anonymous
  // request to a private endpoint gets 401 whatever it sends.
  app.addHook('preValidation', async (request) => {
    if (request.actor || request.is404 || !request.url.startsWith('/api/v1/')) return;
    if (!request.routeOptions.config?.public) throw new AppError('UNAUTHENTICATED');
  });
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    const origin = request.headers.origin;
    const isWrite = !SAFE_METHODS.has(request.method);
    if (isWrite && origin && !isAllowedOrigin(deps.config, request, origin)) {
      throw new AppError('CSRF_FAILED', `Origin ${origin} is not allowed.`);
    }
    const bearer = bearerToken(request);
    const cookie = request.cookies[SESSION_COOKIE];
    const token = bearer ?? cookie;
    if (!token) return;
    const resolved = await resolveSession(deps.db, token, settings, now());
    if (!resolved) {
      if (bearer) throw new AppError('SESSION_EXPIRED');
      return;
    }
    if (!bearer && isWrite) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || sent !== resolved.csrfToken) {
        throw new AppError('CSRF_FAILED');
      }
    }
    request.actor = resolved.actor;
    (request as FastifyRequest & { csrfToken?: string }).csrfToken = resolved.csrfToken;
  });
}

/** The signed-in actor, or 401. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('UNAUTHENTICATED');
  return request.actor;
}

export function csrfTokenOf(request: FastifyRequest): string {
  return (request as FastifyRequest & { csrfToken?: string }).csrfToken ?? '';
}

export function clientInfo(request: FastifyRequest) {
  const ua = request.headers['user-agent'];
  return { ip: request.ip ?? null, userAgent: typeof ua === 'string' ? ua : null };
}

export function isSecureRequest(config: Config, request: FastifyRequest): boolean {
  return request.protocol === 'https' || config.PARTA_PUBLIC_URL.startsWith('https://');
}

export function setSessionCookie(
  reply: FastifyReply,
  config: Config,
  request: FastifyRequest,
  token: string,
  expires: Date,
) {
  void reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: isSecureRequest(config, request),
    expires,
  });
}

export function clearSessionCookie(reply: FastifyReply) {
  void reply.clearCookie(SESSION_COOKIE, { path: '/' });
}
