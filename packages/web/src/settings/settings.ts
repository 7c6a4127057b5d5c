import { useCallback, useEffect, useSyncExternalStore } from 'react';
import { DEFAULT_QUIET_HOURS, type QuietHours } from '../notifications/quiet-hours';

export type Theme = 'system' | 'light' | 'dark';

/**
 * Per person; cached on the device (the offline shell needs it) and kept the
 * same on every device by `sync.ts` through `/api/v1/me/preferences`.
 */
export interface NotificationSettings {
  /** Browser notifications when the tab is hidden (the browser must allow them too). */
  enabled: boolean;
  sound: boolean;
  quietHours: QuietHours;
}

export const DEFAULT_NOTIFICATIONS: NotificationSettings = {
  enabled: true,
  sound: true,
  quietHours: DEFAULT_QUIET_HOURS,
};

const THEME_KEY = 'parta.theme';
const notificationsKey = (personId: number) => `parta.notifications.${personId}`;

const listeners = new Set<() => void>();
const notify = () => {
  for (const listener of [...listeners]) listener();
};
const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
};

/** Called after any theme or notification setting changes on this device. */
export const subscribeSettings = subscribe;

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // Storage forbidden: the choice lasts until reload.
  }
  notify();
}

export function readTheme(): Theme {
  const saved = read(THEME_KEY);
  return saved === 'light' || saved === 'dark' ? saved : 'system';
}

export function readNotificationSettings(personId: number): NotificationSettings {
  const raw = read(notificationsKey(personId));
  if (!raw) return DEFAULT_NOTIFICATIONS;
  try {
    const saved = JSON.parse(raw) as Partial<NotificationSettings>;
    return {
      enabled: typeof saved.enabled === 'boolean' ? saved.enabled : DEFAULT_NOTIFICATIONS.enabled,
      sound: typeof saved.sound === 'boolean' ? saved.sound : DEFAULT_NOTIFICATIONS.sound,
      quietHours: { ...DEFAULT_QUIET_HOURS, ...(saved.quietHours ?? {}) },
    };
  } catch {
    return DEFAULT_NOTIFICATIONS;
  }
}

/** `data-theme` on <html> overrides the system's choice; the stylesheet reads it. */
export function applyTheme(theme: Theme): void {
  const root = document.documentElement;
  if (theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = theme;
}

export function writeTheme(theme: Theme): void {
  if (theme !== readTheme()) write(THEME_KEY, theme);
}

export function writeNotificationSettings(personId: number, next: NotificationSettings): void {
  const raw = JSON.stringify(next);
  if (raw !== read(notificationsKey(personId))) write(notificationsKey(personId), raw);
}

export function useTheme(): [Theme, (theme: Theme) => void] {
  const theme = useSyncExternalStore(subscribe, readTheme, () => 'system' as Theme);
  useEffect(() => applyTheme(theme), [theme]);
  const set = useCallback((next: Theme) => write(THEME_KEY, next), []);
  return [theme, set];
}

// Snapshots must be stable between calls: cache the parsed settings per raw string.
let cached: { personId: number; raw: string | null; value: NotificationSettings } | null = null;

function snapshot(personId: number): NotificationSettings {
  const raw = read(notificationsKey(personId));
  if (cached && cached.personId === personId && cached.raw === raw) return cached.value;
  cached = { personId, raw, value: readNotificationSettings(personId) };
  return cached.value;
}

export function useNotificationSettings(
  personId: number,
): [NotificationSettings, (next: NotificationSettings) => void] {
  const value = useSyncExternalStore(
    subscribe,
    () => snapshot(personId),
    () => DEFAULT_NOTIFICATIONS,
  );
  const set = useCallback(
    (next: NotificationSettings) => write(notificationsKey(personId), JSON.stringify(next)),
    [personId],
  );
  return [value, set];
}
