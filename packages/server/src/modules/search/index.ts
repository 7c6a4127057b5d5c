import type { AppInstance } from '../../platform/types';
import type { CliContext, ModuleContext } from '../../platform/module';

/** Registers the search routes. */
export function registerSearchRoutes(_app: AppInstance, _ctx: ModuleContext): void {}

/** Adds the search commands to `parta`. */
export function registerSearchCli(_cli: CliContext): void {}
