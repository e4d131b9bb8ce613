/* Service worker of the offline inspection pages (issue 18). Served by
   inspections.offline_views.service_worker, which prepends `self.ANJIAN` = {workbox: [module
   URLs], precache: [{url, revision}], page: the shell's URL}. Workbox's modules are vendored
   (vendor/README.md); nothing is fetched from a CDN.

   - The shell's scripts, styles and icons are precached (content-hashed revisions).
   - The shell page itself: network first, else the copy cached at install or last visit, so
     the page opens in a basement with no signal.
   - The API (/api/…) is outside this worker's scope: the page keeps its data in IndexedDB. */
/* global importScripts, workbox */
"use strict";
self.ANJIAN.workbox.forEach(function (url) { importScripts(url); });

var PAGES = "anjian-offline-pages";
workbox.core.setCacheNameDetails({prefix: "anjian-offline"});
workbox.core.clientsClaim();
self.skipWaiting();

workbox.precaching.precacheAndRoute(self.ANJIAN.precache);
workbox.precaching.cleanupOutdatedCaches();

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(PAGES).then(function (cache) {
    return cache.add(new Request(self.ANJIAN.page, {credentials: "same-origin"}));
  }).catch(function () { /* the page caches itself on its next visit */ }));
});

workbox.routing.registerRoute(
  function (ctx) {
    return ctx.request.mode === "navigate" && ctx.url.pathname === self.ANJIAN.page;
  },
  new workbox.strategies.NetworkFirst({
    cacheName: PAGES,
    networkTimeoutSeconds: 5,
    // the page varies on the session cookie and the language; this cache is the user's own
    matchOptions: {ignoreVary: true, ignoreSearch: true},
    plugins: [{
      // never keep the login page (a redirect) in place of the shell
      cacheWillUpdate: function (arg) {
        var r = arg.response;
        return r && r.status === 200 && !r.redirected ? r : null;
      }
    }]
  })
);
