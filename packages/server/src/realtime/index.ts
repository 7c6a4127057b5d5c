import type { Db } from '../db/database';
import type { CommitBatcher, RateLimiter } from '../modules/messages';
import { authSettings } from '../platform/auth-hook';
import type { EventSink } from '../platform/events';
import type { AppDeps, AppInstance } from '../platform/types';
import { Gateway } from './gateway';

export { Gateway, WS_PATH } from './gateway';
export { DEFAULT_GATEWAY_OPTIONS, type GatewayOptions, type GatewayStats } from './options';

export interface RealtimeDeps {
  db: Db;
  events: EventSink;
  now: () => Date;
  limiter: RateLimiter;
  /** Group commit for sends (see modules/messages/commit-batcher.ts). */
  batcher?: CommitBatcher;
}

const gateways = new WeakMap<AppInstance, Gateway>();

/** The gateway installed on `app` (tests tune its timers and read its counters). */
export function gatewayOf(app: AppInstance): Gateway | undefined {
  return gateways.get(app);
}

/**
 * The WebSocket gateway at /api/v1/ws (see gateway.ts for its contract).
 * Listens for upgrades on `app.server`, so it works whenever the app listens
 * and costs nothing under `app.inject`. On `app.close()` the sockets are
 * closed with 4001 before the HTTP server stops (a `preClose` hook), so close
 * never waits on an open socket.
 */
export function installRealtime(app: AppInstance, deps: AppDeps, rt: RealtimeDeps): void {
  const gateway = new Gateway(
    deps,
    rt,
    app.log.child({ module: 'realtime' }),
    authSettings(deps.config),
    (header) => app.parseCookie(header),
  );
  gateways.set(app, gateway);
  app.server.on('upgrade', gateway.onUpgrade);
  app.addHook('preClose', async () => {
    app.server.off('upgrade', gateway.onUpgrade);
    await gateway.shutdown();
  });
}
