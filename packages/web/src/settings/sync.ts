import type { Preferences, PreferencesResponse } from '@parta/shared';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { api } from '../api/client';
import { useLanguage, type Language } from '../i18n/i18n';
import {
  DEFAULT_NOTIFICATIONS,
  readNotificationSettings,
  readTheme,
  subscribeSettings,
  writeNotificationSettings,
  writeTheme,
} from './settings';

export const PREFERENCES_KEY = ['preferences'] as const;
const PATH = '/api/v1/me/preferences';
/** Toggling a few switches in a row sends one request. */
const SAVE_DELAY_MS = 400;

/** This device's current choices as the server's document. */
export function localPreferences(personId: number, language: Language): Preferences {
  const notifications = readNotificationSettings(personId);
  return {
    language,
    theme: readTheme(),
    notifications: {
      enabled: notifications.enabled,
      sound: notifications.sound,
      quietHours: { ...notifications.quietHours },
    },
  };
}

const DEFAULT_LOCAL = (language: Language): Preferences => ({
  language,
  theme: 'system',
  notifications: { ...DEFAULT_NOTIFICATIONS, quietHours: { ...DEFAULT_NOTIFICATIONS.quietHours } },
});

export function samePreferences(a: Preferences, b: Preferences): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Keeps the person's settings the same on every device: what the server has
 * wins when the app opens (it was saved last, from somewhere); what the person
 * changes here is applied at once and saved to the server shortly after. A
 * device that had settings before the server kept them uploads them once.
 * Offline, changes stay on the device and are saved with the next change.
 */
export function usePreferencesSync(personId: number): void {
  const { language, setLanguage } = useLanguage();
  const remote = useQuery({
    queryKey: PREFERENCES_KEY,
    queryFn: ({ signal }) => api.get<PreferencesResponse>(PATH, { signal }),
    staleTime: 5 * 60_000,
  });
  /** The document the server is known to hold; null until the first answer. */
  const synced = useRef<Preferences | null>(null);
  const languageRef = useRef(language);
  languageRef.current = language;

  // Server → device, once per answer.
  useEffect(() => {
    const answer = remote.data;
    if (!answer) return;
    if (answer.updatedAt === null) {
      // Nothing saved yet: this device's choices (if any) become the person's.
      synced.current = DEFAULT_LOCAL(languageRef.current);
      const local = localPreferences(personId, languageRef.current);
      if (!samePreferences(local, synced.current)) scheduleSave(local);
      return;
    }
    synced.current = answer.preferences;
    writeTheme(answer.preferences.theme);
    writeNotificationSettings(personId, answer.preferences.notifications);
    if (answer.preferences.language !== languageRef.current) {
      setLanguage(answer.preferences.language);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- applied once per answer
  }, [remote.data, personId]);

  // Device → server: on every local change, after a short pause.
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  function scheduleSave(next: Preferences) {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      if (synced.current && samePreferences(next, synced.current)) return;
      api.put<PreferencesResponse>(PATH, next).then(
        (saved) => {
          synced.current = saved.preferences;
        },
        () => {
          // Offline or refused: the device keeps the choice; the next change tries again.
        },
      );
    }, SAVE_DELAY_MS);
  }

  useEffect(() => {
    const onChange = () => {
      if (synced.current === null) return; // the server's answer decides first
      scheduleSave(localPreferences(personId, languageRef.current));
    };
    const unsubscribe = subscribeSettings(onChange);
    onChange(); // the language may have changed
    return unsubscribe;
  }, [personId, language]);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
}
