import { createSelector } from "@reduxjs/toolkit";
import type { ChatSummary } from "@teamchat/protocol";
import type { RootState } from "../../app/store.js";
import { chatsAdapter } from "./chatsSlice.js";

const adapterSelectors = chatsAdapter.getSelectors((state: RootState) => state.chats);
export const selectAllChats = adapterSelectors.selectAll;
export const selectChatById = adapterSelectors.selectById;

/** A direct chat is named after the other member; a group by its name. */
export function chatTitle(chat: ChatSummary, myId: string | undefined): string {
  if (chat.type === "group") return chat.name ?? "Group";
  return chat.members.find((m) => m.user.id !== myId)?.user.displayName ?? "Direct chat";
}

export function directPeer(chat: ChatSummary, myId: string | undefined) {
  return chat.type === "direct" ? (chat.members.find((m) => m.user.id !== myId)?.user ?? null) : null;
}

export const selectVisibleChats = createSelector(
  [selectAllChats, (s: RootState) => s.chats.filter, (s: RootState) => s.session.me?.id],
  (chats, filter, myId) => {
    const q = filter.trim().toLowerCase();
    if (!q) return chats;
    return chats.filter(
      (c) =>
        chatTitle(c, myId).toLowerCase().includes(q) ||
        c.members.some((m) => m.user.username.includes(q) || m.user.displayName.toLowerCase().includes(q)),
    );
  },
);

export const selectTotalUnread = createSelector([selectAllChats], (chats) =>
  chats.reduce((sum, c) => sum + c.unreadCount, 0),
);
