import { useEffect } from "react";
import { chatSelected } from "../features/chats/chatsSlice.js";
import { selectVisibleChats } from "../features/chats/selectors.js";
import { searchClosed } from "../features/search/searchSlice.js";
import { useAppDispatch, useAppStore } from "./hooks.js";
import { isTyping, neighbourChat } from "./shortcuts.js";

/** A menu, sheet or dialog is open: Escape is theirs (each closes itself and gives focus back). */
function overlayOpen(root: HTMLElement): boolean {
  return root.querySelector('[role="menu"], [role="dialog"], dialog[open]') !== null;
}

/**
 * The app-wide keys, listened for on the chat's own root element when embedded (the host page's
 * keys stay the host's): Ctrl/⌘+K, Alt+↑/↓, `?`, and Escape for a panel when nothing inside took it.
 */
export function useShortcuts(root: HTMLElement | null, openHelp: () => void, wholePage: boolean): void {
  const dispatch = useAppDispatch();
  const store = useAppStore();
  useEffect(() => {
    if (!root) return;
    const onKeyDown = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === "k") {
        e.preventDefault();
        const state = store.getState();
        if (state.search.panel) dispatch(searchClosed());
        // On a phone the list is hidden behind an open chat: go back to it first.
        if (window.matchMedia("(max-width: 767.98px)").matches) dispatch(chatSelected(null));
        requestAnimationFrame(() => root.querySelector<HTMLInputElement>('input[aria-label="Search chats"]')?.focus());
        return;
      }
      if (e.altKey && !e.ctrlKey && !e.metaKey && (e.key === "ArrowUp" || e.key === "ArrowDown")) {
        e.preventDefault();
        const state = store.getState();
        const ids = selectVisibleChats(state).map((c) => c.id);
        const next = neighbourChat(ids, state.chats.selectedId, e.key === "ArrowDown" ? 1 : -1);
        if (next) dispatch(chatSelected(next));
        return;
      }
      if (e.key === "?" && !e.ctrlKey && !e.metaKey && !e.altKey && !isTyping(e.target) && !overlayOpen(root)) {
        e.preventDefault();
        openHelp();
        return;
      }
      if (e.key === "Escape" && !e.defaultPrevented && !overlayOpen(root)) {
        if (store.getState().search.panel) {
          e.preventDefault();
          dispatch(searchClosed());
        }
      }
    };
    // Stand-alone, the page is ours: keys work even with nothing focused.
    const target: HTMLElement | Document = wholePage ? document : root;
    target.addEventListener("keydown", onKeyDown as EventListener);
    return () => target.removeEventListener("keydown", onKeyDown as EventListener);
  }, [root, dispatch, store, openHelp, wholePage]);
}
