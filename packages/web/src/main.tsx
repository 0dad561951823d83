import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App.js";
import { ChatProvider } from "./embed/ChatProvider.js";
import "./styles/index.css";

// The app shell works offline once the service worker has installed (production builds).
if ("serviceWorker" in navigator && import.meta.env.PROD) {
  import("virtual:pwa-register").then(({ registerSW }) => registerSW({ immediate: true })).catch(() => {});
}

// The stand-alone app is the embeddable chat on a page of its own, signing in by itself.
const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <ChatProvider serverUrl={window.location.origin}>
        <App />
      </ChatProvider>
    </StrictMode>,
  );
}
