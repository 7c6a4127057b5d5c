import { z } from 'zod';
import { Timestamp } from './common';

/** `HH:MM`, 00:00–23:59. */
const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'A time of day as HH:MM, 00:00–23:59');

/** When notifications stay silent: a teacher is not expected to answer at night. */
export const QuietHoursPreference = z.strictObject({
  enabled: z.boolean(),
  from: Clock.describe('Start of the quiet period, local time'),
  to: Clock.describe('End of the quiet period; earlier than `from` means past midnight'),
  weekends: z.boolean().describe('Saturday and Sunday are quiet all day'),
});
export type QuietHoursPreference = z.infer<typeof QuietHoursPreference>;

export const THEMES = ['system', 'light', 'dark'] as const;
export const UI_LANGUAGES = ['ru', 'en'] as const;

/**
 * A person's own settings, the same on every device they sign in from. Kept
 * by the server; the client also caches them for the offline shell.
 */
export const Preferences = z.strictObject({
  language: z.enum(UI_LANGUAGES),
  theme: z.enum(THEMES),
  notifications: z.strictObject({
    enabled: z.boolean().describe('Browser notifications when the tab is hidden'),
    sound: z.boolean(),
    quietHours: QuietHoursPreference,
  }),
});
export type Preferences = z.infer<typeof Preferences>;

/** What a person has before changing anything: Russian, the system theme, quiet 20:00–08:00 and at weekends. */
export const DEFAULT_PREFERENCES: Preferences = {
  language: 'ru',
  theme: 'system',
  notifications: {
    enabled: true,
    sound: true,
    quietHours: { enabled: true, from: '20:00', to: '08:00', weekends: true },
  },
};

export const PreferencesResponse = z.object({
  preferences: Preferences,
  /** Null until the person saves something: the defaults apply. */
  updatedAt: Timestamp.nullable(),
});
export type PreferencesResponse = z.infer<typeof PreferencesResponse>;
