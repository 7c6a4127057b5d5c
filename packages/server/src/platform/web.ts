import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps, AppInstance } from './types';

export function webDir(deps: AppDeps): string {
  if (deps.config.PARTA_WEB_DIR) return path.resolve(deps.config.PARTA_WEB_DIR);
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');
}

/**
 * Serves the built SPA at `/`. Returns the fallback for the not-found handler:
 * any other GET outside `/api` answers `index.html`, so client-side routes
 * survive a reload. Without a build the root says how to make one.
 */
export async function installWeb(
  app: AppInstance,
  deps: AppDeps,
): Promise<(request: FastifyRequest, reply: FastifyReply) => boolean> {
  const dir = webDir(deps);
  const hasBuild = fs.existsSync(path.join(dir, 'index.html'));
  if (hasBuild) {
    await app.register(fastifyStatic, { root: dir, wildcard: false, index: ['index.html'] });
  }
  return (request, reply) => {
    const url = request.url.split('?')[0] ?? '/';
    if (request.method !== 'GET' || url.startsWith('/api/')) return false;
    if (!hasBuild) {
      void reply
        .type('text/plain; charset=utf-8')
        .send('Parta API is running. The web client is not built: run `npm run build`.');
    } else {
      void reply.type('text/html; charset=utf-8').sendFile('index.html');
    }
    return true;
  };
}
