import type { AppInstance } from '../../platform/types';
import type { CliContext, ModuleContext } from '../../platform/module';

/** Registers the communities routes. */
export function registerCommunitiesRoutes(_app: AppInstance, _ctx: ModuleContext): void {}

/** Adds the communities commands to `parta`. */
export function registerCommunitiesCli(_cli: CliContext): void {}
