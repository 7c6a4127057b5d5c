import { z } from 'zod';
import type { ModuleContext } from '../../platform/module';
import type { AppInstance } from '../../platform/types';
import { syncCommunityRules } from './communities.rules';

/**
 * `PARTA_COMMUNITY_SYNC_SECONDS`: how often every node re-runs the community
 * rules against the rosters (default 300; `0` turns the job off). Roster
 * changes also run them at once; the job catches whatever changed another
 * way (a direct database edit, a node that died mid-way). Idempotent, so
 * several nodes running it is harmless.
 */
export const SyncEnv = z.object({
  PARTA_COMMUNITY_SYNC_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
});

export function readSyncEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.PARTA_COMMUNITY_SYNC_SECONDS;
  const parsed = SyncEnv.safeParse({ ...(raw ? { PARTA_COMMUNITY_SYNC_SECONDS: raw } : {}) });
  if (!parsed.success)
    throw new Error(
      `invalid configuration:\n  PARTA_COMMUNITY_SYNC_SECONDS=${JSON.stringify(raw)}: expected whole seconds 0–86400`,
    );
  return parsed.data.PARTA_COMMUNITY_SYNC_SECONDS;
}

/** Starts the periodic rule sync; stops with the app. */
export function startRuleSyncJob(app: AppInstance, ctx: ModuleContext, seconds: number): void {
  if (seconds === 0) return;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    syncCommunityRules(ctx.db, { events: ctx.events, now: ctx.now })
      .then((r) => {
        if (r.added || r.removed) app.log.info(r, 'community rules synced');
      })
      .catch((err: unknown) => app.log.warn({ err }, 'community rule sync failed'))
      .finally(() => {
        running = false;
      });
  }, seconds * 1000);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
}
