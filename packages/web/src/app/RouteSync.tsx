import { useEffect, useMemo, useRef } from "react";
import { useLocation } from "react-router";
import { chatSelected } from "../features/chats/chatsSlice.js";
import { openChatAt } from "../features/messages/thunks.js";
import { searchClosed, searchOpened } from "../features/search/searchSlice.js";
import { useAppDispatch, useAppSelector } from "./hooks.js";
import { useGo } from "./navigation.js";
import { type AppView, chatPath, LIST_PATH, parseView, SEARCH_PATH } from "./routes.js";

/** The address the store's open chat and search panel stand for (info/media live in the address only). */
function pathOf(selectedId: string | null, searchScope: string | null | undefined, view: AppView): string {
  if (selectedId === null) return searchScope === null ? SEARCH_PATH : LIST_PATH;
  if (searchScope === selectedId) return chatPath(selectedId, "search");
  const keepsPanel = view.chatId === selectedId && (view.panel === "info" || view.panel === "media");
  return chatPath(selectedId, keepsPanel ? view.panel : null);
}

/**
 * Keeps the address and the store's view state (open chat, search panel) in step, both ways:
 * a new address (link, Back/Forward, reload, notification) selects its chat; a chat selected in
 * the app (click, a thunk that creates or joins one) gets its address. Many places select a chat
 * through the store, so the store stays where they do it and this only mirrors.
 */
export function RouteSync() {
  const dispatch = useAppDispatch();
  const location = useLocation();
  const go = useGo();
  const selectedId = useAppSelector((s) => s.chats.selectedId);
  // undefined: no search panel; null: the search across all chats; else the chat searched in.
  const searchScope = useAppSelector((s) => (s.search.panel === null ? undefined : s.search.panel.chatId));
  const view = useMemo(() => parseView(location.pathname, location.search), [location.pathname, location.search]);
  const seenLocation = useRef<string | null>(null);
  const storeKey = `${selectedId}|${String(searchScope)}`;
  const seenStore = useRef(storeKey);
  /**
   * Addresses this component asked for that the router has not shown yet. The router applies a
   * navigation in a transition, later than the store changes: after two quick switches (Alt+↓,
   * Alt+↑) the first one's address can land when the store has moved on, and must not select its
   * chat again (found by e2e/open-typing.spec.ts: the second chat's keys went to the first).
   */
  const asked = useRef<string[]>([]);

  // The address changed: open what it names.
  useEffect(() => {
    if (seenLocation.current === location.key) return;
    const firstVisit = seenLocation.current === null;
    seenLocation.current = location.key;
    // Signed in at the bare address with a chat already chosen (a notification asked for it):
    // the chat wins and gets its address.
    if (firstVisit && view.chatId === null && !view.globalSearch && selectedId !== null) {
      go(pathOf(selectedId, searchScope, view));
      return;
    }
    const mine = asked.current.indexOf(location.pathname);
    if (mine >= 0) {
      // Our own step landing: the store holds what it names, or has moved on (then its address).
      asked.current.splice(0, mine + 1);
      const wanted = pathOf(selectedId, searchScope, view);
      if (wanted !== location.pathname) {
        asked.current.push(wanted);
        go(wanted);
      }
      return;
    }
    if (view.chatId && view.seq !== null) {
      dispatch(openChatAt(view.chatId, view.seq)).catch(() => {});
    } else if (view.chatId !== selectedId) {
      dispatch(chatSelected(view.chatId));
    }
    const wantedScope = view.panel === "search" ? view.chatId : view.globalSearch ? null : undefined;
    if (wantedScope !== undefined && wantedScope !== searchScope) dispatch(searchOpened({ chatId: wantedScope }));
    // Back from a search: close it (a search across chats beside an open chat is not in the address).
    if (wantedScope === undefined && searchScope !== undefined && searchScope === view.chatId) {
      dispatch(searchClosed());
    }
  }, [location.key, location.pathname, view, selectedId, searchScope, dispatch, go]);

  // The store moved (a click, a thunk): give it its address.
  useEffect(() => {
    if (seenStore.current === storeKey) return;
    seenStore.current = storeKey;
    const path = pathOf(selectedId, searchScope, view);
    if (path !== location.pathname) {
      asked.current.push(path);
      go(path);
    }
  }, [storeKey, selectedId, searchScope, view, location.pathname, go]);

  return null;
}
