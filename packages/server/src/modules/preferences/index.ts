import type { ModuleContext } from '../../platform/module';
import type { AppInstance } from '../../platform/types';
import { preferencesRoutes } from './preferences.routes';

/** Preferences: each person's own settings, the same on every device. */
export { getPreferences } from './preferences.service';

export function registerPreferencesRoutes(app: AppInstance, ctx: ModuleContext): void {
  preferencesRoutes(app, ctx);
}
