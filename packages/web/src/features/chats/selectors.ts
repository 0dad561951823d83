import { createSelector } from "@reduxjs/toolkit";
import type { ChatSummary } from "@teamchat/protocol";
import type { RootState } from "../../app/store.js";
import { chatsAdapter } from "./chatsSlice.js";

const adapterSelectors = chatsAdapter.getSelectors((state: RootState) => state.chats);
export const selectAllChats = adapterSelectors.selectAll;
export const selectChatById = adapterSelectors.selectById;

/** A direct chat is named after the other member; a group by its name. */
export function chatTitle(chat: ChatSummary, myId: string | undefined): string {
  if (chat.type !== "direct") return chat.name ?? (chat.type === "channel" ? "Channel" : "Group");
  return chat.members.find((m) => m.user.id !== myId)?.user.displayName ?? "Direct chat";
}

export function directPeer(chat: ChatSummary, myId: string | undefined) {
  return chat.type === "direct" ? (chat.members.find((m) => m.user.id !== myId)?.user ?? null) : null;
}

/** Whether a chat is muted right now (a mute that ran out is none). */
export function isMuted(chat: ChatSummary, now = Date.now()): boolean {
  return chat.mutedUntil !== null && Date.parse(chat.mutedUntil) > now;
}

export const selectArchivedCount = createSelector([selectAllChats], (chats) => chats.filter((c) => c.archived).length);

export const selectVisibleChats = createSelector(
  [
    selectAllChats,
    (s: RootState) => s.chats.filter,
    (s: RootState) => s.session.me?.id,
    (s: RootState) => s.chats.showArchived,
  ],
  (all, filter, myId, archived) => {
    const chats = all.filter((c) => c.archived === archived);
    const q = filter.trim().toLowerCase();
    if (!q) return chats;
    return chats.filter(
      (c) =>
        chatTitle(c, myId).toLowerCase().includes(q) ||
        c.members.some((m) => m.user.username.includes(q) || m.user.displayName.toLowerCase().includes(q)),
    );
  },
);

/** For the tab title: muted chats do not count, as in WhatsApp. */
export const selectTotalUnread = createSelector([selectAllChats], (chats) =>
  chats.reduce((sum, c) => sum + (isMuted(c) ? 0 : c.unreadCount), 0),
);
