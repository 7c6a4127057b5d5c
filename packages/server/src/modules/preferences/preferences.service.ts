import { DEFAULT_PREFERENCES, Preferences, type PreferencesResponse } from '@parta/shared';
import type { DbOrTrx } from '../../db/database';
import { toIso } from '../../db/values';

/**
 * A stored document is read through the current schema: keys added since it
 * was saved take their defaults, keys removed since are dropped, a value that
 * no longer validates falls back to its default. A person never loses the
 * whole of their settings to a schema change.
 */
export function readStored(body: string): Preferences {
  let saved: unknown;
  try {
    saved = JSON.parse(body);
  } catch {
    return DEFAULT_PREFERENCES;
  }
  const s = isRecord(saved) ? saved : {};
  const n = isRecord(s.notifications) ? s.notifications : {};
  const q = isRecord(n.quietHours) ? n.quietHours : {};
  const d = DEFAULT_PREFERENCES;
  const pick = <T>(
    schema: { safeParse(v: unknown): { success: boolean; data?: T } },
    v: unknown,
    fallback: T,
  ): T => {
    const r = schema.safeParse(v);
    return r.success ? (r.data as T) : fallback;
  };
  const shape = Preferences.shape;
  const notifications = shape.notifications.shape;
  const quiet = notifications.quietHours.shape;
  return {
    language: pick(shape.language, s.language, d.language),
    theme: pick(shape.theme, s.theme, d.theme),
    notifications: {
      enabled: pick(notifications.enabled, n.enabled, d.notifications.enabled),
      sound: pick(notifications.sound, n.sound, d.notifications.sound),
      quietHours: {
        enabled: pick(quiet.enabled, q.enabled, d.notifications.quietHours.enabled),
        from: pick(quiet.from, q.from, d.notifications.quietHours.from),
        to: pick(quiet.to, q.to, d.notifications.quietHours.to),
        weekends: pick(quiet.weekends, q.weekends, d.notifications.quietHours.weekends),
      },
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export async function getPreferences(db: DbOrTrx, personId: number): Promise<PreferencesResponse> {
  const row = await db
    .selectFrom('person_preferences')
    .select(['body', 'updated_at'])
    .where('person_id', '=', personId)
    .executeTakeFirst();
  if (!row) return { preferences: DEFAULT_PREFERENCES, updatedAt: null };
  return { preferences: readStored(row.body), updatedAt: toIso(row.updated_at) };
}

/** Replaces the person's settings with a validated document. */
export async function putPreferences(
  db: DbOrTrx,
  personId: number,
  preferences: Preferences,
  now: Date,
): Promise<PreferencesResponse> {
  const body = JSON.stringify(preferences);
  await db
    .insertInto('person_preferences')
    .values({ person_id: personId, body, updated_at: now })
    .onConflict((oc) => oc.column('person_id').doUpdateSet({ body, updated_at: now }))
    .execute();
  return { preferences, updatedAt: now.toISOString() };
}
