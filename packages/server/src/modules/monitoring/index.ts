import type { AppInstance } from '../../platform/types';
import type { CliContext, ModuleContext } from '../../platform/module';

/** Registers the monitoring routes. */
export function registerMonitoringRoutes(_app: AppInstance, _ctx: ModuleContext): void {}

/** Adds the monitoring commands to `parta`. */
export function registerMonitoringCli(_cli: CliContext): void {}
