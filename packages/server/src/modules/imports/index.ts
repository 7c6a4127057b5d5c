import type { AppInstance } from '../../platform/types';
import type { CliContext, ModuleContext } from '../../platform/module';

/** Registers the imports routes. */
export function registerImportsRoutes(_app: AppInstance, _ctx: ModuleContext): void {}

/** Adds the imports commands to `parta`. */
export function registerImportsCli(_cli: CliContext): void {}
