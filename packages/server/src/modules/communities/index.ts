import type { CliContext, ModuleContext } from '../../platform/module';
import type { AppInstance } from '../../platform/types';
import { readSyncEnv, startRuleSyncJob } from './communities.jobs';
import { communitiesRoutes } from './communities.routes';
import { syncCommunityRules } from './communities.rules';

/**
 * Network communities (DOMAIN: «сетевые сообщества»): spanning
 * organisations, with their own discussion chat and announcement channel;
 * membership by hand, by request, by invitation, or by rules that follow the
 * rosters (`syncCommunityRules` — call it after every roster change).
 */
export { syncCommunityRules, type RulesDeps } from './communities.rules';
export { loadDemoCommunities, type DemoCommunity } from './communities.demo';
export {
  communityInfo,
  communityPower,
  joinByInvitation,
  requireCommunity,
  type LoadedCommunity,
} from './communities.service';
export { publishChatChanges, type ChatChange } from './communities.membership';
export { canGrantRole } from './communities.policy';

/** Registers the communities routes and the periodic rule sync (`PARTA_COMMUNITY_SYNC_SECONDS`). */
export function registerCommunitiesRoutes(app: AppInstance, ctx: ModuleContext): void {
  communitiesRoutes(app, ctx);
  startRuleSyncJob(app, ctx, readSyncEnv());
}

/** Adds `parta communities sync` to `parta`. */
export function registerCommunitiesCli(cli: CliContext): void {
  const cmd = cli.program.command('communities').description('network communities');
  cmd
    .command('sync')
    .description('bring rule-based community membership in step with the rosters')
    .action(async () => {
      await cli.withDb(async ({ db }) => {
        const r = await syncCommunityRules(db, {
          events: { publish: async () => undefined },
          now: () => new Date(),
        });
        console.log(
          `communities synced: ${r.communities}, members added: ${r.added}, removed: ${r.removed}`,
        );
      });
    });
}
