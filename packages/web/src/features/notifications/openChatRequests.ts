import { CHAT_QUERY_PARAM, isOpenChatMessage } from "./openChatMessage.js";

/**
 * Calls `onOpen(chatId)` when a notification click asks to open a chat: once for `?chat=` in
 * the address of a window the service worker just opened (then removed from the address), and
 * for every "open-chat" message it posts to an open tab. Returns a function that stops.
 */
export function watchOpenChatRequests(onOpen: (chatId: string) => void): () => void {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get(CHAT_QUERY_PARAM);
  if (fromUrl) {
    url.searchParams.delete(CHAT_QUERY_PARAM);
    window.history.replaceState(window.history.state, "", url);
    onOpen(fromUrl);
  }
  if (!("serviceWorker" in navigator)) return () => {};
  const listener = (event: MessageEvent) => {
    if (isOpenChatMessage(event.data)) onOpen(event.data.chatId);
  };
  navigator.serviceWorker.addEventListener("message", listener);
  return () => navigator.serviceWorker.removeEventListener("message", listener);
}
