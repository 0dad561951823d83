import type { ChatSummary } from "@teamchat/protocol";
import { useEffect, useRef, useState } from "react";
import { useAppDispatch, useAppSelector, useAppStore } from "../../app/hooks.js";
import { selectChatMessagesState } from "./selectors.js";
import { jumpToLatest, loadNewer, openChatHistory } from "./thunks.js";

/** Where the unread messages began when the chat opened (the separator stays there). */
export type UnreadAtOpen = { firstSeq: number; count: number } | null;

/** A start-up catch-up slower than this (a slow network): the chat opens from the cache anyway. */
export const STARTUP_CATCH_UP_WAIT_MS = 3_000;

function unreadOf(chat: ChatSummary | undefined): UnreadAtOpen {
  return chat && chat.unreadCount > 0 ? { firstSeq: chat.myReadSeq + 1, count: chat.unreadCount } : null;
}

/**
 * Opens the chat's window once: at the first unread (returned, for the separator) or at the
 * newest. A chat opened while the app is still starting (a reload at `/chats/:id`) waits for the
 * first catch-up, up to STARTUP_CATCH_UP_WAIT_MS: the cache's unread count is from before the
 * reload, so what arrived meanwhile would open below the fold, unmarked, and be reported read.
 */
export function useChatOpening(chatId: string, chat: ChatSummary | undefined): UnreadAtOpen {
  const dispatch = useAppDispatch();
  const store = useAppStore();
  const startingUp = useAppSelector(
    (s) => !s.connection.wasLive && (s.connection.state === "connecting" || s.connection.state === "syncing"),
  );
  const [waitedOut, setWaitedOut] = useState(false);
  // Captured once, when the chat opens, so the separator stays put while the count drops.
  const [unreadAtOpen, setUnreadAtOpen] = useState(() => (startingUp ? null : unreadOf(chat)));
  const opened = useRef(false);
  const mountedAt = useRef(new Date().toISOString());
  const deferred = useRef(startingUp);

  useEffect(() => {
    if (!startingUp) return;
    const timer = setTimeout(() => setWaitedOut(true), STARTUP_CATCH_UP_WAIT_MS);
    return () => clearTimeout(timer);
  }, [startingUp]);

  useEffect(() => {
    if (opened.current || (startingUp && !waitedOut)) return;
    opened.current = true;
    const state = store.getState();
    const shown = selectChatMessagesState(state, chatId);
    // I wrote here while the open waited for the catch-up: the chat opens where my message is
    // (the send asked for the newest window), not back at the first unread above it.
    if ((shown?.lastSentAt ?? "") >= mountedAt.current) {
      if (!shown?.ready) dispatch(jumpToLatest(chatId)).catch(() => {});
      return;
    }
    if (deferred.current) setUnreadAtOpen(unreadOf(state.chats.entities[chatId]));
    const open = shown?.ready ? loadNewer(chatId) : openChatHistory(chatId);
    dispatch(open).catch(() => {});
  }, [startingUp, waitedOut, chatId, dispatch, store]);

  return unreadAtOpen;
}
