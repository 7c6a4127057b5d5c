import { Preferences, PreferencesResponse } from '@parta/shared';
import { requireActor } from '../../platform/auth-hook';
import type { ModuleContext } from '../../platform/module';
import type { AppInstance } from '../../platform/types';
import { getPreferences, putPreferences } from './preferences.service';

const tags = ['me'];

/** The signed-in person's own settings, shared by all their devices. */
export function preferencesRoutes(app: AppInstance, ctx: ModuleContext): void {
  app.get(
    '/api/v1/me/preferences',
    {
      schema: {
        tags,
        summary:
          'My settings: language, theme, notifications and quiet hours (defaults until saved)',
        response: { 200: PreferencesResponse },
      },
    },
    async (request) => getPreferences(ctx.db, requireActor(request).personId),
  );

  app.put(
    '/api/v1/me/preferences',
    {
      schema: {
        tags,
        summary: 'Replace my settings (the whole document; unknown keys are refused)',
        body: Preferences,
        response: { 200: PreferencesResponse },
      },
    },
    async (request) =>
      putPreferences(ctx.db, requireActor(request).personId, request.body, ctx.now()),
  );
}
