import { LIMITS } from "@teamchat/protocol";
import type { AppThunk } from "../../app/store.js";
import { newerLoaded, olderLoaded, pageFailed, pageLoading, windowLoaded } from "./messagesSlice.js";

const PAGE = LIMITS.historyPageDefault;
/** Opening at the first unread: show this many read messages above it for context. */
const CONTEXT_ABOVE_UNREAD = 20;

/** Loads the window a chat opens at: the newest page, or around the first unread message. */
export const openChatHistory =
  (chatId: string): AppThunk<Promise<void>> =>
  async (dispatch, getState, { client }) => {
    const chat = getState().chats.entities[chatId];
    dispatch(pageLoading({ chatId }));
    try {
      if (chat && chat.unreadCount > 0) {
        const after = Math.max(0, chat.myReadSeq - CONTEXT_ABOVE_UNREAD);
        const page = await client.call((api) => api.history(chatId, { after, limit: LIMITS.historyPageMax }));
        dispatch(windowLoaded({ chatId, messages: page.messages, hasOlder: after > 0, hasNewer: page.hasMore }));
      } else {
        const page = await client.call((api) => api.history(chatId, { limit: PAGE }));
        dispatch(windowLoaded({ chatId, messages: page.messages, hasOlder: page.hasMore, hasNewer: false }));
      }
    } catch (err) {
      dispatch(pageFailed({ chatId }));
      throw err;
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
      const page = await client.call((api) => api.history(chatId, { before: oldest, limit: PAGE }));
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
      const page = await client.call((api) => api.history(chatId, { after: newest, limit: LIMITS.historyPageMax }));
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
  (chatId: string, body: string): AppThunk =>
  (_dispatch, _getState, { client }) => {
    client.sendMessage(chatId, body);
    client.stopTyping(chatId);
  };

export const retrySend =
  (clientId: string): AppThunk =>
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
