import { sql } from 'kysely';
import { z } from 'zod';
import type { AppDeps, AppInstance } from './types';

export function healthRoutes(app: AppInstance, deps: AppDeps): void {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['ops'],
        summary: 'The process is up',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/readyz',
    {
      schema: {
        tags: ['ops'],
        summary: 'The database answers; 503 otherwise',
        response: {
          200: z.object({ status: z.literal('ready'), database: z.string() }),
          503: z.object({ status: z.literal('unavailable'), database: z.string() }),
        },
      },
    },
    async (_request, reply) => {
      try {
        await sql`SELECT 1`.execute(deps.db);
        return { status: 'ready' as const, database: deps.dialect };
      } catch {
        return reply.code(503).send({ status: 'unavailable' as const, database: deps.dialect });
      }
    },
  );
}
