import { useSyncExternalStore, type MouseEvent } from 'react';

/** The screens of the signed-in app, by URL (the server answers index.html for any of them). */
export type Route =
  | { name: 'chats' }
  | { name: 'chat'; chatId: number; seq: number | null }
  | { name: 'direct'; personId: number }
  | { name: 'settings' }
  | { name: 'admin'; section: AdminSection; params: URLSearchParams }
  | { name: 'monitoring'; params: URLSearchParams }
  | { name: 'roadmap'; params: URLSearchParams }
  | { name: 'invite'; code: string }
  | { name: 'person'; personId: number }
  | { name: 'directory'; tab: 'communities' | 'organizations' };

/** The parts of the administration screen, each its own URL (`/admin/people?org=3`). */
export const ADMIN_SECTIONS = [
  'organizations',
  'people',
  'classes',
  'import',
  'invitations',
  'communities',
  'outbox',
] as const;
export type AdminSection = (typeof ADMIN_SECTIONS)[number];

function isAdminSection(value: string): value is AdminSection {
  return (ADMIN_SECTIONS as readonly string[]).includes(value);
}

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
  const params = new URLSearchParams(search);
  const admin = /^\/admin(?:\/([a-z-]{1,32}))?\/?$/.exec(pathname);
  if (admin) {
    const section = admin[1] ?? 'organizations';
    if (isAdminSection(section)) return { name: 'admin', section, params };
  }
  const person = /^\/people\/(\d{1,15})\/?$/.exec(pathname);
  if (person) return { name: 'person', personId: Number(person[1]) };
  const directory = /^\/directory(?:\/(communities|organizations))?\/?$/.exec(pathname);
  if (directory) {
    return {
      name: 'directory',
      tab: directory[1] === 'organizations' ? 'organizations' : 'communities',
    };
  }
  if (/^\/monitoring\/?$/.test(pathname)) return { name: 'monitoring', params };
  if (/^\/roadmap\/?$/.test(pathname)) return { name: 'roadmap', params };
  // Invitation codes are short base32-ish strings; the server decides whether one is valid.
  const invite = /^\/i\/([A-Za-z0-9_-]{1,64})\/?$/.exec(pathname);
  if (invite?.[1]) return { name: 'invite', code: invite[1] };
  return { name: 'chats' };
}

export const paths = {
  chats: () => '/',
  chat: (chatId: number, seq?: number) =>
    seq ? `/chats/${chatId}?seq=${seq}` : `/chats/${chatId}`,
  direct: (personId: number) => `/direct/${personId}`,
  settings: () => '/settings',
  admin: (section: AdminSection = 'organizations', params?: Record<string, string | number>) =>
    withQuery(`/admin/${section}`, params),
  monitoring: (params?: Record<string, string | number>) => withQuery('/monitoring', params),
  roadmap: (params?: Record<string, string | number>) => withQuery('/roadmap', params),
  invite: (code: string) => `/i/${encodeURIComponent(code)}`,
  person: (personId: number) => `/people/${personId}`,
  directory: (tab: 'communities' | 'organizations' = 'communities') => `/directory/${tab}`,
};

function withQuery(path: string, params?: Record<string, string | number>): string {
  if (!params) return path;
  const query = new URLSearchParams(
    Object.entries(params).map(([key, value]) => [key, String(value)]),
  ).toString();
  return query ? `${path}?${query}` : path;
}

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
