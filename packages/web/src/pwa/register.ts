import { useSyncExternalStore } from 'react';

interface InstallPromptEvent extends Event {
  prompt(): Promise<void>;
}

let installPrompt: InstallPromptEvent | null = null;
const listeners = new Set<() => void>();
const changed = () => {
  for (const listener of [...listeners]) listener();
};

/**
 * Registers the service worker (the offline app shell; built by vite.config.ts
 * into /sw.js) and keeps the browser's install offer for the settings page.
 * Only in production builds: the dev server has no /sw.js.
 */
export function registerServiceWorker(): void {
  window.addEventListener('beforeinstallprompt', (event) => {
    event.preventDefault();
    installPrompt = event as InstallPromptEvent;
    changed();
  });
  window.addEventListener('appinstalled', () => {
    installPrompt = null;
    changed();
  });
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch(() => {
      // No offline shell (private mode, an old browser): the app works online as before.
    });
  });
}

/** The browser's «install this app» offer, when it has made one. */
export function useInstallPrompt(): (() => void) | null {
  const available = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => installPrompt !== null,
    () => false,
  );
  if (!available) return null;
  return () => {
    const prompt = installPrompt;
    installPrompt = null;
    changed();
    void prompt?.prompt();
  };
}
