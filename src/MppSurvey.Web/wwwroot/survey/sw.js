// The kiosk's service worker: lets an enrolled kiosk reload its survey page without a network.
// Network first, so a kiosk online always shows the current page; the cache is only the fallback.
// It handles GETs of the survey pages and their files only: the API (answers going out, replies
// coming back) never passes through it, so it can never serve a stale API response.
const CACHE = 'mppsurvey-kiosk-1';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', e => e.waitUntil(self.clients.claim()));

self.addEventListener('fetch', e => {
  const request = e.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin
      || !(url.pathname.startsWith('/survei/') || url.pathname.startsWith('/survey/'))) {
    return;
  }
  e.respondWith(fetch(request).then(response => {
    if (response.ok) {
      const copy = response.clone();
      e.waitUntil(caches.open(CACHE).then(cache => cache.put(request, copy)));
    }
    return response;
  }).catch(() => caches.match(request).then(hit => hit || Response.error())));
});
