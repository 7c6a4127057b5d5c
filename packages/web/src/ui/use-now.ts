import { useSyncExternalStore } from 'react';

const subscribe = (listener: () => void) => {
  const timer = setInterval(listener, 30_000);
  return () => clearInterval(timer);
};
const minute = () => Math.floor(Date.now() / 60_000);

/** The current time to the minute; re-renders when the minute changes (relative dates, «Сегодня»). */
export function useNow(): Date {
  return new Date(useSyncExternalStore(subscribe, minute, minute) * 60_000);
}

const visibilitySubscribe = (listener: () => void) => {
  document.addEventListener('visibilitychange', listener);
  window.addEventListener('focus', listener);
  window.addEventListener('blur', listener);
  return () => {
    document.removeEventListener('visibilitychange', listener);
    window.removeEventListener('focus', listener);
    window.removeEventListener('blur', listener);
  };
};

/** Is the page in front of the person (visible)? Read marks are sent only then. */
export function usePageVisible(): boolean {
  return useSyncExternalStore(
    visibilitySubscribe,
    () => document.visibilityState !== 'hidden',
    () => true,
  );
}
