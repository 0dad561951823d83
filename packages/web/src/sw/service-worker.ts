/// <reference lib="webworker" />
// The app's service worker: the app shell is precached so the app opens with no network (and
// shows cached chats from IndexedDB); pushes become notifications. Built by vite-plugin-pwa
// (injectManifest), compiled by ./tsconfig.json with the WebWorker lib.
import { clientsClaim } from "workbox-core";
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from "workbox-precaching";
import { NavigationRoute, registerRoute } from "workbox-routing";
import { installPushHandlers } from "./push-handlers.js";

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | { url: string; revision: string | null })[] };

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Every page URL (client-side routes too) opens the precached shell; the API and the socket
// never go through the cache.
registerRoute(
  new NavigationRoute(createHandlerBoundToURL("/index.html"), {
    denylist: [/^\/api\//, /^\/socket\.io\//, /^\/healthz/, /^\/readyz/],
  }),
);

installPushHandlers(self, { icon: "/icons/icon-192.png", badge: "/icons/icon-192.png" });

// A new version takes over at once: the shell is small and the data lives in IndexedDB.
self.skipWaiting();
clientsClaim();
