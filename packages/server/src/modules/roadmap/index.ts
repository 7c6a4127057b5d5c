import type { AppInstance } from '../../platform/types';
import type { CliContext, ModuleContext } from '../../platform/module';

/** Registers the roadmap routes. */
export function registerRoadmapRoutes(_app: AppInstance, _ctx: ModuleContext): void {}

/** Adds the roadmap commands to `parta`. */
export function registerRoadmapCli(_cli: CliContext): void {}
