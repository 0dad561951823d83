import { createEntityAdapter, createSlice, type PayloadAction } from "@reduxjs/toolkit";
import type { ChatSummary } from "@teamchat/protocol";

/** Code-unit order: ISO timestamps and ids need no locale rules (localeCompare was a hot spot at start). */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Pinned chats first, then newest activity; ties broken by id so the order is stable. */
export const chatsAdapter = createEntityAdapter<ChatSummary>({
  sortComparer: (a, b) =>
    Number(b.pinned) - Number(a.pinned) || compare(b.lastActivityAt, a.lastActivityAt) || compare(a.id, b.id),
});

/**
 * A projection of the SDK's chats (upsert / remove) plus view state (selection, filter, archive
 * view, blocks). No rule about unread, mentions, previews or pointers lives here: see the SDK's
 * sync/chat-summaries.ts.
 */
export const chatsSlice = createSlice({
  name: "chats",
  initialState: chatsAdapter.getInitialState({
    loaded: false,
    selectedId: null as string | null,
    filter: "",
    showArchived: false,
    /** People I blocked: their direct chats are read-only until I unblock. */
    blockedUserIds: [] as string[],
  }),
  reducers: {
    /** The whole list as the SDK holds it (its cache at start, the merged list after a catch-up). */
    chatsLoaded(state, action: PayloadAction<ChatSummary[]>) {
      chatsAdapter.setAll(state, action.payload);
      state.loaded = true;
    },
    /** One chat as the SDK now holds it (every rule already applied there): replaces ours. */
    chatUpserted(state, action: PayloadAction<ChatSummary>) {
      chatsAdapter.setOne(state, action.payload);
    },
    chatRemoved(state, action: PayloadAction<string>) {
      chatsAdapter.removeOne(state, action.payload);
      if (state.selectedId === action.payload) state.selectedId = null;
    },
    chatSelected(state, action: PayloadAction<string | null>) {
      state.selectedId = action.payload;
    },
    filterChanged(state, action: PayloadAction<string>) {
      state.filter = action.payload;
    },
    blocksLoaded(state, action: PayloadAction<string[]>) {
      state.blockedUserIds = action.payload;
    },
    showArchived(state, action: PayloadAction<boolean>) {
      state.showArchived = action.payload;
    },
  },
});

export const { chatsLoaded, chatUpserted, chatRemoved, chatSelected, filterChanged, blocksLoaded, showArchived } =
  chatsSlice.actions;
