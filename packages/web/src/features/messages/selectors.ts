import { createSelector } from "@reduxjs/toolkit";
import type { ChatSummary } from "@teamchat/protocol";
import type { RootState } from "../../app/store.js";
import { type ChatMessages, messagesAdapter, type UiMessage } from "./messagesSlice.js";

const { selectAll } = messagesAdapter.getSelectors();
const EMPTY: UiMessage[] = [];

export const selectChatMessagesState = (state: RootState, chatId: string): ChatMessages | undefined =>
  state.messages.byChat[chatId];

/** Memoized per list object: a new array only when that chat's messages changed. */
const listCache = new WeakMap<object, UiMessage[]>();
export function selectMessageList(state: RootState, chatId: string): UiMessage[] {
  const chat = state.messages.byChat[chatId];
  if (!chat) return EMPTY;
  let list = listCache.get(chat.list);
  if (!list) {
    list = selectAll(chat.list);
    listCache.set(chat.list, list);
  }
  return list;
}

export type Tick = "sending" | "failed" | "sent" | "delivered" | "read";

/**
 * WhatsApp ticks for my message: clock while sending, ✓ stored, ✓✓ when every other member's
 * delivered pointer passed it, blue ✓✓ when every other member's read pointer did (members who
 * hide read receipts never turn it blue).
 */
export function tickFor(message: UiMessage, chat: ChatSummary | undefined, myId: string | undefined): Tick {
  if (message.status === "sending") return "sending";
  if (message.status === "failed") return "failed";
  // Never delivered (the other person is unreachable): one ✓ for good.
  if (message.undelivered) return "sent";
  const seq = message.seq ?? 0;
  const others = chat?.members.filter((m) => m.user.id !== myId) ?? [];
  if (others.length === 0) return "sent";
  if (others.every((m) => m.readSeq !== null && m.readSeq >= seq)) return "read";
  if (others.every((m) => m.deliveredSeq >= seq)) return "delivered";
  return "sent";
}

export const selectTypingNames = createSelector(
  [(s: RootState, chatId: string) => s.live.typing[chatId], (s: RootState, chatId: string) => s.chats.entities[chatId]],
  (typing, chat) => {
    if (!typing || !chat) return [];
    return Object.keys(typing)
      .map((userId) => chat.members.find((m) => m.user.id === userId)?.user.displayName)
      .filter((n): n is string => Boolean(n));
  },
);
