// Lernort's service worker, written by `lernort-dist finish` (edit crates/dist/src/sw.js,
// not dist/sw.js). It keeps the app shells, their code, the centre's config and the course
// catalogue readable offline. Live data (api/, the floor stream) always goes to the
// network, so those parts of the app say that they are offline.
//
// Updates: each finish writes a new VERSION when any precached file changed. The new
// worker installs, takes over at once and deletes the old cache; pages are fetched from
// the network first, so the next visit runs the new app and nothing stale stays stuck.
'use strict';

const VERSION = '__VERSION__';
const PRECACHE = __PRECACHE__;
// The shell of each bundle by the first segment of its pages' paths (from the bundle
// table, lernort_routes::Bundle); every other path is the start bundle's.
const SHELLS = __SHELLS__;
const CACHE = `lernort-${VERSION}`;
const scope = new URL(self.registration.scope);
const absolute = (path) => new URL(path, scope).href;
// Trunk's content-hashed files never change: served from the cache when there.
const HASHED = /-[0-9a-f]{12,}(_bg)?\.(js|wasm|css)$/;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE.map(absolute)))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('lernort-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

/** The app shell that shows a page offline when the page itself is not cached. */
function shellFor(path) {
  return SHELLS[path.split('/')[0]] || 'index.html';
}

/** The network first (and the answer kept); the cache, then `fallback`, when offline. */
async function networkFirst(request, fallback) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (offline) {
    const cached = await cache.match(request, { ignoreSearch: true });
    if (cached) return cached;
    const shell = fallback && (await cache.match(absolute(fallback)));
    if (shell) return shell;
    throw offline;
  }
}

async function cacheFirst(request) {
  const cached = await caches.match(request);
  return cached || networkFirst(request);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const target = new URL(request.url);
  if (request.method !== 'GET' || !target.href.startsWith(scope.href)) return;
  const path = target.pathname.slice(scope.pathname.length).replace(/\/$/, '');
  // Live data: never from a cache.
  if (path.startsWith('api/') || ['floor', 'healthz', 'metrics'].includes(path)) return;
  if (request.mode === 'navigate') {
    event.respondWith(networkFirst(request, shellFor(path)));
  } else if (HASHED.test(path)) {
    event.respondWith(cacheFirst(request));
  } else {
    event.respondWith(networkFirst(request));
  }
});
