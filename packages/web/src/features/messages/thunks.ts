import { LIMITS, type Message } from "@teamchat/protocol";
import type { AppThunk } from "../../app/store.js";
import { previewHidden } from "../chats/chatsSlice.js";
import {
  messageHidden,
  newerLoaded,
  olderLoaded,
  pageFailed,
  pageLoading,
  storedReceived,
  windowLoaded,
  windowRefreshed,
} from "./messagesSlice.js";

const PAGE = LIMITS.historyPageDefault;
/** Opening at the first unread: show this many read messages above it for context. */
const CONTEXT_ABOVE_UNREAD = 20;

/**
 * Opens a chat: the cached window at once (no spinner when it was seen before), then the
 * server's window merged in. The window is the newest page, or the first unread with context.
 */
export const openChatHistory =
  (chatId: string): AppThunk<Promise<void>> =>
  async (dispatch, getState, { client }) => {
    const chat = getState().chats.entities[chatId];
    const fromUnread = chat !== undefined && chat.unreadCount > 0;
    const after = fromUnread ? Math.max(0, chat.myReadSeq - CONTEXT_ABOVE_UNREAD) : undefined;
    dispatch(pageLoading({ chatId }));
    const cached =
      after !== undefined
        ? await client.cachedMessages(chatId, { afterSeq: after, limit: LIMITS.historyPageMax })
        : await client.cachedMessages(chatId, { limit: PAGE });
    const cachedIsUseful = cached.length > 0 && (after === undefined || cached[0]?.seq === after + 1);
    if (cachedIsUseful) {
      dispatch(windowLoaded({ chatId, messages: cached, hasOlder: (cached[0]?.seq ?? 1) > 1, hasNewer: false }));
    }
    try {
      const page =
        after !== undefined
          ? await client.loadHistory(chatId, { after, limit: LIMITS.historyPageMax })
          : await client.loadHistory(chatId, { limit: PAGE });
      const window = {
        chatId,
        messages: page.messages,
        hasOlder: after !== undefined ? after > 0 : page.hasMore,
        hasNewer: after !== undefined ? page.hasMore : false,
      };
      dispatch(cachedIsUseful ? windowRefreshed(window) : windowLoaded(window));
    } catch (err) {
      dispatch(pageFailed({ chatId }));
      // Offline with a cached window: that is what we show. Without one, say so.
      if (!cachedIsUseful) {
        dispatch(windowLoaded({ chatId, messages: cached, hasOlder: true, hasNewer: false }));
        throw err;
      }
    }
  };

export const loadOlder =
  (chatId: string): AppThunk<Promise<void>> =>
  async (dispatch, getState, { client }) => {
    const state = getState().messages.byChat[chatId];
    if (!state || state.loading || !state.hasOlder) return;
    const oldest = state.list.ids.map((id) => state.list.entities[id]?.seq).find((s) => typeof s === "number");
    if (oldest === undefined) return;
    dispatch(pageLoading({ chatId }));
    try {
      const page = await client.loadHistory(chatId, { before: oldest, limit: PAGE });
      dispatch(olderLoaded({ chatId, messages: page.messages, hasOlder: page.hasMore }));
    } catch (err) {
      dispatch(pageFailed({ chatId }));
      throw err;
    }
  };

export const loadNewer =
  (chatId: string): AppThunk<Promise<void>> =>
  async (dispatch, getState, { client }) => {
    const state = getState().messages.byChat[chatId];
    if (!state || state.loading) return;
    const seqs = state.list.ids
      .map((id) => state.list.entities[id]?.seq)
      .filter((s): s is number => typeof s === "number");
    const newest = seqs.length > 0 ? Math.max(...seqs) : 0;
    dispatch(pageLoading({ chatId }));
    try {
      const page = await client.loadHistory(chatId, { after: newest, limit: LIMITS.historyPageMax });
      dispatch(newerLoaded({ chatId, messages: page.messages, hasNewer: page.hasMore }));
    } catch (err) {
      dispatch(pageFailed({ chatId }));
      throw err;
    }
  };

/** After a reconnect: fetch what the open chat missed. */
export const catchUpOpenChat = (): AppThunk<Promise<void>> => async (dispatch, getState) => {
  const chatId = getState().chats.selectedId;
  if (chatId && getState().messages.byChat[chatId]) await dispatch(loadNewer(chatId));
};

export const sendMessage =
  (chatId: string, body: string, mentions: string[] = []): AppThunk<Promise<void>> =>
  async (_dispatch, _getState, { client }) => {
    client.stopTyping(chatId);
    await client.sendMessage(chatId, body, mentions.length > 0 ? { mentions } : {});
  };

/** Forwards a stored message to each chosen chat (once each, through the outbox). */
export const forwardMessage =
  (source: Message, targetChatIds: string[]): AppThunk<Promise<void>> =>
  async (_dispatch, _getState, { client }) => {
    await client.forwardMessage(source, targetChatIds);
  };

/** Delete for me: gone here at once; the SDK tells my other devices' caches through the server. */
export const deleteForMe =
  (chatId: string, messageId: string): AppThunk<Promise<void>> =>
  async (dispatch, _getState, { client }) => {
    await client.hideMessage(chatId, messageId);
    dispatch(messageHidden({ chatId, messageId }));
    dispatch(previewHidden({ chatId, messageId }));
  };

export const loadEditHistory =
  (chatId: string, messageId: string): AppThunk<Promise<{ body: string; editedAt: string }[]>> =>
  (_dispatch, _getState, { client }) =>
    client.messageEdits(chatId, messageId);

export const setDisappearing =
  (chatId: string, seconds: 86_400 | 604_800 | 7_776_000 | null): AppThunk<Promise<void>> =>
  async (_dispatch, _getState, { client }) => {
    await client.setDisappearing(chatId, seconds);
  };

export const retrySend =
  (clientId: string): AppThunk<Promise<void>> =>
  (_dispatch, _getState, { client }) =>
    client.retry(clientId);

export const markRead =
  (chatId: string, upToSeq: number): AppThunk =>
  (_dispatch, getState, { client }) => {
    const chat = getState().chats.entities[chatId];
    if (chat && upToSeq > chat.myReadSeq) client.markRead(chatId, upToSeq);
  };

export const typing =
  (chatId: string, active: boolean): AppThunk =>
  (_dispatch, _getState, { client }) =>
    active ? client.startTyping(chatId) : client.stopTyping(chatId);

export const editMessage =
  (chatId: string, messageId: string, body: string): AppThunk<Promise<void>> =>
  async (dispatch, _getState, { client }) => {
    dispatch(storedReceived(await client.editMessage(chatId, messageId, body)));
  };

export const deleteForEveryone =
  (chatId: string, messageId: string): AppThunk<Promise<void>> =>
  async (dispatch, _getState, { client }) => {
    dispatch(storedReceived(await client.deleteMessage(chatId, messageId)));
  };

/** Adds my reaction with this emoji, or takes it back if I already reacted with it. */
export const toggleReaction =
  (chatId: string, messageId: string, emoji: string): AppThunk<Promise<void>> =>
  async (dispatch, getState, { client }) => {
    const myId = getState().session.me?.id ?? "";
    const message = getState().messages.byChat[chatId]?.list.entities[messageId];
    const mine = message?.reactions.some((r) => r.emoji === emoji && r.userIds.includes(myId)) ?? false;
    const updated = mine
      ? await client.unreact(chatId, messageId, emoji)
      : await client.react(chatId, messageId, emoji);
    dispatch(storedReceived(updated));
  };
