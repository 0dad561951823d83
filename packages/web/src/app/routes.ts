/**
 * The app's addresses. A chat, its panels and the message search each have one, so the browser's
 * back/forward move list ↔ chat ↔ panel, reload keeps the open chat, and links open a chat at a
 * message. Pure: the router components (RouteSync, ChatLayout) and notification handlers use it.
 */
export type ChatPanel = "info" | "media" | "search";
export type AppView = {
  chatId: string | null;
  panel: ChatPanel | null;
  /** The search across all chats (the sidebar's), open with no chat in the address. */
  globalSearch: boolean;
  /** `?seq=N`: open the chat at that message. */
  seq: number | null;
};

const PANELS: readonly ChatPanel[] = ["info", "media", "search"];

export const LIST_PATH = "/";
export const SEARCH_PATH = "/search";

export function chatPath(chatId: string, panel: ChatPanel | null = null): string {
  const base = `/chats/${encodeURIComponent(chatId)}`;
  return panel ? `${base}/${panel}` : base;
}

export function messagePath(chatId: string, seq: number): string {
  return `${chatPath(chatId)}?seq=${seq}`;
}

export function parseView(pathname: string, search = ""): AppView {
  const none: AppView = { chatId: null, panel: null, globalSearch: false, seq: null };
  if (pathname === SEARCH_PATH) return { ...none, globalSearch: true };
  const match = /^\/chats\/([^/]+)(?:\/([^/]+))?\/?$/.exec(pathname);
  if (!match?.[1]) return none;
  let chatId: string;
  try {
    chatId = decodeURIComponent(match[1]);
  } catch {
    return none;
  }
  const panel = PANELS.find((p) => p === match[2]) ?? null;
  const seqText = new URLSearchParams(search).get("seq");
  const seq = seqText !== null && /^\d{1,15}$/.test(seqText) && Number(seqText) > 0 ? Number(seqText) : null;
  return { chatId, panel, globalSearch: false, seq };
}
