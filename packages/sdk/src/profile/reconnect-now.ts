import type { ChatSocket } from "../socket.js";

/**
 * Connects at once instead of waiting out Socket.IO's reconnection backoff (up to 10 s): used
 * when the browser says the network is back or the page is shown again. A socket that is
 * connected is left alone. While the manager waits for its next attempt, `connect()` alone does
 * nothing, so the manager is closed first (which cancels that timer) and opened again.
 */
export function reconnectNow(socket: ChatSocket): void {
  if (socket.connected) return;
  socket.disconnect();
  socket.connect();
}

/** The page became visible: a cue to check the connection (a laptop waking, a tab brought back). */
export function onPageShown(listener: () => void): () => void {
  const doc = (globalThis as { document?: PageDocument }).document;
  if (!doc) return () => {};
  const handler = () => {
    if (doc.visibilityState === "visible") listener();
  };
  doc.addEventListener("visibilitychange", handler);
  return () => doc.removeEventListener("visibilitychange", handler);
}

/** The part of a browser's `document` used here (the SDK also runs in Node, without DOM types). */
type PageDocument = {
  visibilityState: string;
  addEventListener(type: "visibilitychange", listener: () => void): void;
  removeEventListener(type: "visibilitychange", listener: () => void): void;
};
