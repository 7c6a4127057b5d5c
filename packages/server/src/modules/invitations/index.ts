import type { AppInstance } from '../../platform/types';
import type { CliContext, ModuleContext } from '../../platform/module';

/** Registers the invitations routes. */
export function registerInvitationsRoutes(_app: AppInstance, _ctx: ModuleContext): void {}

/** Adds the invitations commands to `parta`. */
export function registerInvitationsCli(_cli: CliContext): void {}
