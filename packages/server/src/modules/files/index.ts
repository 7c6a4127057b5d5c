import type { AppInstance } from '../../platform/types';
import type { CliContext, ModuleContext } from '../../platform/module';

/** Registers the files routes. */
export function registerFilesRoutes(_app: AppInstance, _ctx: ModuleContext): void {}

/** Adds the files commands to `parta`. */
export function registerFilesCli(_cli: CliContext): void {}
