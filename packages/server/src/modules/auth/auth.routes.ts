import { ChangePassword, LoginRequest, Me, SessionInfo, TokenResponse } from '@parta/shared';
import { z } from 'zod';
import {
  authSettings,
  clearSessionCookie,
  clientInfo,
  csrfTokenOf,
  requireActor,
  setSessionCookie,
} from '../../platform/auth-hook';
import { busEventSink, personTopic } from '../../platform/events';
import type { AppDeps, AppInstance } from '../../platform/types';
import { getMe } from '../people';
import * as auth from './auth.service';

const tags = ['auth'];

export function authRoutes(app: AppInstance, deps: AppDeps): void {
  const settings = authSettings(deps.config);
  const now = deps.clock ?? (() => new Date());
  const events = busEventSink(deps.bus, app.log);
  /** Open sockets of ended sessions close (the gateway re-checks the person's sessions). */
  const sessionsEnded = (personId: number, sessionId?: string) =>
    events.publish(personTopic(personId), {
      type: 'session.revoked',
      personId,
      ...(sessionId ? { sessionId } : {}),
    });

  app.post(
    '/api/v1/auth/login',
    {
      config: { public: true },
      schema: {
        tags,
        summary:
          'Sign in; sets the HttpOnly session cookie and returns the person with a CSRF token',
        body: LoginRequest,
        response: { 200: Me },
      },
    },
    async (request, reply) => {
      const issued = await auth.login(
        deps.db,
        { ...request.body, kind: 'cookie' },
        clientInfo(request),
        settings,
        now(),
      );
      setSessionCookie(reply, deps.config, request, issued.token, issued.expiresAt);
      return getMe(deps.db, issued.personId, issued.csrfToken);
    },
  );

  app.post(
    '/api/v1/auth/token',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Sign in for scripts and bots: returns a bearer token (no cookie, no CSRF)',
        body: LoginRequest,
        response: { 200: TokenResponse },
      },
    },
    async (request) => {
      const issued = await auth.login(
        deps.db,
        { ...request.body, kind: 'bearer' },
        clientInfo(request),
        settings,
        now(),
      );
      return { token: issued.token, expiresAt: issued.expiresAt.toISOString() };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    { schema: { tags, summary: 'End the current session', response: { 204: z.null() } } },
    async (request, reply) => {
      const actor = requireActor(request);
      await auth.logout(deps.db, actor, clientInfo(request), now());
      await sessionsEnded(actor.personId, actor.sessionId);
      clearSessionCookie(reply);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/me',
    {
      schema: {
        tags,
        summary: 'The signed-in person, roles, children, classes and the CSRF token',
        response: { 200: Me },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return getMe(deps.db, actor.personId, csrfTokenOf(request));
    },
  );

  app.get(
    '/api/v1/auth/sessions',
    {
      schema: {
        tags,
        summary: 'Own active sessions',
        response: { 200: z.object({ items: z.array(SessionInfo) }) },
      },
    },
    async (request) => ({ items: await auth.listSessions(deps.db, requireActor(request), now()) }),
  );

  app.delete(
    '/api/v1/auth/sessions/:sessionId',
    {
      schema: {
        tags,
        summary: 'Revoke one of own sessions',
        params: z.strictObject({ sessionId: z.string().min(1).max(64) }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await auth.revokeOwnSession(deps.db, actor, request.params.sessionId, now());
      await sessionsEnded(actor.personId);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/auth/password',
    {
      schema: {
        tags,
        summary: 'Change own password; other sessions end',
        body: ChangePassword,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await auth.changePassword(deps.db, actor, request.body, now());
      await sessionsEnded(actor.personId);
      return reply.code(204).send(null);
    },
  );
}
