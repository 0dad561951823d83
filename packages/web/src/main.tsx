import {
  ChatClient,
  cacheDatabaseName,
  deleteCacheDatabase,
  IndexedDbCacheStore,
  localStorageLastSession,
} from "@teamchat/sdk";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { Provider } from "react-redux";
import { App } from "./app/App.js";
import { createStore } from "./app/store.js";
import { connectBridge } from "./sdk-bridge/bridge.js";
import "./styles/index.css";

const client = new ChatClient({
  serverUrl: window.location.origin,
  openCache: (userId) => new IndexedDbCacheStore(cacheDatabaseName(userId)),
  deleteCache: (userId) => deleteCacheDatabase(cacheDatabaseName(userId)),
  lastSession: localStorageLastSession(),
});
const store = createStore(client);
connectBridge(client, store);

// The app shell works offline once the service worker has installed (production builds).
if ("serviceWorker" in navigator && import.meta.env.PROD) {
  import("virtual:pwa-register").then(({ registerSW }) => registerSW({ immediate: true })).catch(() => {});
}

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <Provider store={store}>
        <App />
      </Provider>
    </StrictMode>,
  );
}
