import { createEntityAdapter, createSlice, type PayloadAction } from "@reduxjs/toolkit";
import type { ChatSettings, ChatSummary, Message, PinnedMessage } from "@teamchat/protocol";

/** Pinned chats first, then newest activity; ties broken by id so the order is stable. */
export const chatsAdapter = createEntityAdapter<ChatSummary>({
  sortComparer: (a, b) =>
    Number(b.pinned) - Number(a.pinned) || b.lastActivityAt.localeCompare(a.lastActivityAt) || a.id.localeCompare(b.id),
});

type Pointer = { chatId: string; userId: string; upToSeq: number };

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
    /**
     * A full list (cache at start, or the server's after a catch-up). A chat this store has seen
     * further (a live message arrived after the list was read) keeps its newer preview and count.
     */
    chatsLoaded(state, action: PayloadAction<ChatSummary[]>) {
      const merged = action.payload.map((chat) => {
        const seen = state.entities[chat.id];
        if (!seen || seen.lastSeq <= chat.lastSeq) return chat;
        return {
          ...chat,
          lastSeq: seen.lastSeq,
          lastMessage: seen.lastMessage,
          lastActivityAt: laterOf(seen.lastActivityAt, chat.lastActivityAt),
          unreadCount: Math.max(seen.unreadCount, chat.unreadCount),
          mentionCount: Math.max(seen.mentionCount ?? 0, chat.mentionCount ?? 0),
        };
      });
      chatsAdapter.setAll(state, merged);
      state.loaded = true;
    },
    chatUpserted(state, action: PayloadAction<ChatSummary>) {
      chatsAdapter.upsertOne(state, action.payload);
    },
    chatRemoved(state, action: PayloadAction<string>) {
      chatsAdapter.removeOne(state, action.payload);
      if (state.selectedId === action.payload) state.selectedId = null;
    },
    pinsChanged(state, action: PayloadAction<{ chatId: string; pins: PinnedMessage[] }>) {
      const chat = state.entities[action.payload.chatId];
      if (chat) chat.pins = action.payload.pins;
    },
    chatSelected(state, action: PayloadAction<string | null>) {
      state.selectedId = action.payload;
    },
    filterChanged(state, action: PayloadAction<string>) {
      state.filter = action.payload;
    },
    /** A stored message arrived: it becomes the preview and, if someone else's and new, unread. */
    messageArrived(state, action: PayloadAction<{ message: Message; myId: string }>) {
      const { message, myId } = action.payload;
      const chat = state.entities[message.chatId];
      if (!chat || message.seq <= chat.lastSeq) return;
      const changes: Partial<ChatSummary> = {
        lastSeq: message.seq,
        lastMessage: message,
        lastActivityAt: laterOf(message.createdAt, chat.lastActivityAt),
      };
      if (message.senderId !== myId && message.seq > chat.myReadSeq) {
        changes.unreadCount = chat.unreadCount + 1;
        if ((message.mentions ?? []).includes(myId)) changes.mentionCount = (chat.mentionCount ?? 0) + 1;
      }
      chatsAdapter.updateOne(state, { id: chat.id, changes });
    },
    settingsChanged(state, action: PayloadAction<ChatSettings>) {
      const { chatId, ...settings } = action.payload;
      if (state.entities[chatId]) chatsAdapter.updateOne(state, { id: chatId, changes: settings });
    },
    blocksLoaded(state, action: PayloadAction<string[]>) {
      state.blockedUserIds = action.payload;
    },
    showArchived(state, action: PayloadAction<boolean>) {
      state.showArchived = action.payload;
    },
    /** I deleted a message for myself: it is no longer the preview. */
    previewHidden(state, action: PayloadAction<{ chatId: string; messageId: string }>) {
      const chat = state.entities[action.payload.chatId];
      if (chat?.lastMessage?.id === action.payload.messageId) chat.lastMessage = null;
    },
    /** An edit or delete of the message shown as a chat's preview. */
    messageChanged(state, action: PayloadAction<Message>) {
      const chat = state.entities[action.payload.chatId];
      if (chat?.lastMessage?.id === action.payload.id) chat.lastMessage = action.payload;
    },
    readStateChanged(
      state,
      action: PayloadAction<{ chatId: string; readSeq: number; unreadCount: number; mentionCount?: number }>,
    ) {
      const chat = state.entities[action.payload.chatId];
      if (!chat || action.payload.readSeq < chat.myReadSeq) return;
      chat.myReadSeq = action.payload.readSeq;
      chat.unreadCount = action.payload.unreadCount;
      chat.mentionCount = action.payload.mentionCount ?? (action.payload.unreadCount === 0 ? 0 : chat.mentionCount);
    },
    memberDelivered(state, action: PayloadAction<Pointer>) {
      const member = findMember(state.entities[action.payload.chatId], action.payload.userId);
      if (member) member.deliveredSeq = Math.max(member.deliveredSeq, action.payload.upToSeq);
    },
    memberRead(state, action: PayloadAction<Pointer>) {
      const member = findMember(state.entities[action.payload.chatId], action.payload.userId);
      if (!member) return;
      member.readSeq = Math.max(member.readSeq ?? 0, action.payload.upToSeq);
      member.deliveredSeq = Math.max(member.deliveredSeq, action.payload.upToSeq);
    },
  },
});

/** ISO timestamps in UTC compare correctly as strings. */
function laterOf(a: string, b: string): string {
  return a > b ? a : b;
}

function findMember(chat: ChatSummary | undefined, userId: string) {
  return chat?.members.find((m) => m.user.id === userId);
}

export const {
  chatsLoaded,
  chatUpserted,
  chatRemoved,
  chatSelected,
  filterChanged,
  messageArrived,
  messageChanged,
  previewHidden,
  settingsChanged,
  blocksLoaded,
  showArchived,
  readStateChanged,
  memberDelivered,
  memberRead,
  pinsChanged,
} = chatsSlice.actions;
