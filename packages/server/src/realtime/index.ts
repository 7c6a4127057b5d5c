import type { Db } from '../db/database';
import type { RateLimiter } from '../modules/messages';
import type { EventSink } from '../platform/events';
import type { AppDeps, AppInstance } from '../platform/types';

export interface RealtimeDeps {
  db: Db;
  events: EventSink;
  now: () => Date;
  limiter: RateLimiter;
}

/** The WebSocket gateway at /api/v1/ws (see gateway.ts). */
export function installRealtime(_app: AppInstance, _deps: AppDeps, _rt: RealtimeDeps): void {}
