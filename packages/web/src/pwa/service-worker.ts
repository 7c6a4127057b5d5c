/**
 * The service worker: an offline app shell. Built by the `parta-service-worker`
 * plugin in vite.config.ts into /sw.js, with the build's files as PRECACHE and
 * a VERSION that changes with them.
 *
 * - The shell (index.html, the hashed JS and CSS, icons) is cached at install;
 *   an old version's cache is deleted when the new one activates.
 * - Pages: network first, the cached shell when offline (the app then shows
 *   «Нет соединения» and the outbox keeps what is written).
 * - /assets/*: cache first (file names carry a content hash).
 * - The API and the WebSocket are never touched: data is not cached here.
 */

declare const __PARTA_PRECACHE__: string[];
declare const __PARTA_VERSION__: string;

interface ExtendableEventLike extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEventLike extends ExtendableEventLike {
  request: Request;
  respondWith(response: Promise<Response> | Response): void;
}
interface ServiceWorkerScopeLike {
  location: Location;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(
    type: 'install' | 'activate',
    listener: (event: ExtendableEventLike) => void,
  ): void;
  addEventListener(type: 'fetch', listener: (event: FetchEventLike) => void): void;
}

const sw = self as unknown as ServiceWorkerScopeLike;
const PRECACHE = __PARTA_PRECACHE__;
const CACHE = `parta-shell-${__PARTA_VERSION__}`;
const SHELL = '/index.html';
const NEVER = /^\/(api|healthz|readyz|metrics)(\/|$)/;

sw.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => sw.skipWaiting()),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((k) => k.startsWith('parta-shell-') && k !== CACHE)
            .map((k) => caches.delete(k)),
        ),
      )
      .then(() => sw.clients.claim()),
  );
});

sw.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== sw.location.origin || NEVER.test(url.pathname)) return;

  if (request.mode === 'navigate') {
    event.respondWith(
      fetch(request).catch(async () => (await caches.match(SHELL)) ?? Response.error()),
    );
    return;
  }
  if (url.pathname.startsWith('/assets/') || PRECACHE.includes(url.pathname)) {
    event.respondWith(
      caches.match(request).then(
        (cached) =>
          cached ??
          fetch(request).then(async (response) => {
            if (response.ok) await (await caches.open(CACHE)).put(request, response.clone());
            return response;
          }),
      ),
    );
  }
});

export {};
