import { useSyncExternalStore, type MouseEvent } from 'react';

/** The screens of the signed-in app, by URL (the server answers index.html for any of them). */
export type Route =
  | { name: 'chats' }
  | { name: 'chat'; chatId: number; seq: number | null }
  | { name: 'direct'; personId: number }
  | { name: 'settings' };

export function parseRoute(pathname: string, search = ''): Route {
  const chat = /^\/chats\/(\d{1,15})\/?$/.exec(pathname);
  if (chat) {
    const seq = Number(new URLSearchParams(search).get('seq'));
    return {
      name: 'chat',
      chatId: Number(chat[1]),
      seq: Number.isInteger(seq) && seq > 0 ? seq : null,
    };
  }
  const direct = /^\/direct\/(\d{1,15})\/?$/.exec(pathname);
  if (direct) return { name: 'direct', personId: Number(direct[1]) };
  if (/^\/settings\/?$/.test(pathname)) return { name: 'settings' };
  return { name: 'chats' };
}

export const paths = {
  chats: () => '/',
  chat: (chatId: number, seq?: number) =>
    seq ? `/chats/${chatId}?seq=${seq}` : `/chats/${chatId}`,
  direct: (personId: number) => `/direct/${personId}`,
  settings: () => '/settings',
};

const listeners = new Set<() => void>();

function subscribe(listener: () => void) {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

const currentUrl = () => window.location.pathname + window.location.search;

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === currentUrl()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  for (const listener of [...listeners]) listener();
}

/** The current route; re-renders on navigation and on Back/Forward. */
export function useRoute(): Route {
  const url = useSyncExternalStore(subscribe, currentUrl, () => '/');
  const [pathname = '/', search = ''] = url.split('?');
  return parseRoute(pathname, search ? `?${search}` : '');
}

/**
 * onClick for an `<a href>` inside the app: navigates without a reload, but
 * leaves modified clicks (new tab, new window) to the browser.
 */
export function linkHandler(to: string, after?: () => void) {
  return (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
    after?.();
  };
}
