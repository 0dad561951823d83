import type { ContextType, ReactNode } from "react";
import { BrowserRouter, UNSAFE_LocationContext as HostLocationContext, MemoryRouter } from "react-router";
import { useEmbedMode } from "../embed/embed-context.js";
import { useAppSelector } from "./hooks.js";
import { RouteSync } from "./RouteSync.js";
import { chatPath, LIST_PATH } from "./routes.js";

type HistoryState = { idx?: number } | null;
let backStackChecked = false;

/**
 * Opened straight at a chat (a link, a notification, a new tab), the page has no list behind it:
 * Back would leave the app. Put the list under it once, so Back goes to the list and stays here.
 * (A reload keeps the history state react-router wrote, so it is left as it is.)
 */
function putListUnderDeepLink(): void {
  if (backStackChecked) return;
  backStackChecked = true;
  const { pathname, search, hash } = window.location;
  if (pathname === LIST_PATH || (window.history.state as HistoryState)?.idx !== undefined) return;
  window.history.replaceState({ usr: null, key: "list", idx: 0 }, "", LIST_PATH);
  window.history.pushState({ usr: { back: LIST_PATH }, key: "entry", idx: 1 }, "", pathname + search + hash);
}

/**
 * The stand-alone app routes with the page's address. Embedded in a host app, the chat keeps its
 * own in-memory router and never touches the host's history or address.
 */
export function AppRouter({ children }: { children: ReactNode }) {
  const { standalone } = useEmbedMode();
  const selectedId = useAppSelector((s) => s.chats.selectedId);
  if (standalone) {
    putListUnderDeepLink();
    return (
      <BrowserRouter>
        <RouteSync />
        {children}
      </BrowserRouter>
    );
  }
  // A host on the same react-router copy: our router starts a tree of its own instead of
  // refusing to nest in the host's (it only reads that context to detect nesting).
  return (
    <HostLocationContext.Provider value={null as unknown as ContextType<typeof HostLocationContext>}>
      <MemoryRouter initialEntries={[selectedId ? chatPath(selectedId) : LIST_PATH]}>
        <RouteSync />
        {children}
      </MemoryRouter>
    </HostLocationContext.Provider>
  );
}
