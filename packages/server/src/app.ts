import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyServerOptions } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { authRoutes } from './modules/auth';
import { registerMonitoringRoutes } from './modules/monitoring';
import { registerRoadmapRoutes } from './modules/roadmap';
import { registerImportsRoutes } from './modules/imports';
import { registerCommunitiesRoutes } from './modules/communities';
import { registerInvitationsRoutes } from './modules/invitations';
import { registerFilesRoutes } from './modules/files';
import { registerSearchRoutes } from './modules/search';
import { registerPreferencesRoutes } from './modules/preferences';
import { chatRoutes } from './modules/chats';
import { CommitBatcher, messageRoutes, RateLimiter } from './modules/messages';
import { busEventSink } from './platform/events';
import { orgRoutes } from './modules/orgs';
import { peopleRoutes } from './modules/people/people.routes';
import { installAuthHook } from './platform/auth-hook';
import { healthRoutes } from './platform/health';
import { installErrorHandling, installNotFound } from './platform/http';
import { installMetrics } from './platform/metrics';
import type { ModuleContext } from './platform/module';
import type { AppDeps, AppInstance } from './platform/types';
import { installWeb } from './platform/web';
import { installRealtime } from './realtime';

export type { AppDeps, AppInstance };

function trustProxy(value: string): FastifyServerOptions['trustProxy'] {
  if (!value || value === '0' || value === 'false') return false;
  if (value === '1' || value === 'true') return true;
  return value.split(',').map((s) => s.trim());
}

/**
 * Builds the whole HTTP application without listening: `main.ts` listens,
 * tests call `app.inject()`. The caller owns `deps.db` and closes it.
 */
export async function buildApp(
  deps: AppDeps,
  opts: { logger?: FastifyBaseLogger } = {},
): Promise<AppInstance> {
  const app = Fastify({
    ...(opts.logger ? { loggerInstance: opts.logger } : { logger: false }),
    bodyLimit: deps.config.PARTA_BODY_LIMIT,
    trustProxy: trustProxy(deps.config.PARTA_TRUST_PROXY),
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    return503OnClosing: true,
    requestIdHeader: 'x-request-id',
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);

  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Parta API',
        version: '1',
        description:
          'Educational communication platform. Errors: `{"error": {"code", "message", "retriable", "details"?}}`; codes in docs/api/errors.md.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'parta_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  installMetrics(app);
  installAuthHook(app, deps);
  healthRoutes(app, deps);
  app.get('/api/v1/openapi.json', { config: { public: true }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  const now = deps.clock ?? (() => new Date());
  const events = busEventSink(deps.bus, app.log);
  const batcher = new CommitBatcher(deps.db);
  const limiter = new RateLimiter(
    deps.config.PARTA_SEND_RATE_PER_MINUTE,
    deps.config.PARTA_SEND_BURST,
  );

  authRoutes(app, deps);
  orgRoutes(app, deps);
  peopleRoutes(app, deps);
  chatRoutes(app, { db: deps.db, events, now });
  messageRoutes(app, { db: deps.db, events, now, limiter, batcher });
  installRealtime(app, deps, { db: deps.db, events, now, limiter, batcher });
  const ctx: ModuleContext = {
    db: deps.db,
    dialect: deps.dialect,
    config: deps.config,
    bus: deps.bus,
    events,
    now,
  };
  registerMonitoringRoutes(app, ctx);
  registerRoadmapRoutes(app, ctx);
  registerImportsRoutes(app, ctx);
  registerCommunitiesRoutes(app, ctx);
  registerInvitationsRoutes(app, ctx);
  registerFilesRoutes(app, ctx);
  registerSearchRoutes(app, ctx);
  registerPreferencesRoutes(app, ctx);

  installNotFound(app, await installWeb(app, deps));
  return app;
}
