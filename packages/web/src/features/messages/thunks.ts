import { LIMITS, type Message, type ReplyPreview } from "@teamchat/protocol";
import type { AppThunk } from "../../app/store.js";
import { chatSelected, previewHidden } from "../chats/chatsSlice.js";
import {
  focusRequested,
  jumpStarted,
  messageHidden,
  newerLoaded,
  olderLoaded,
  pageFailed,
  pageLoading,
  storedReceived,
  windowJumped,
  windowLoaded,
  windowRefreshed,
} from "./messagesSlice.js";

const PAGE = LIMITS.historyPageDefault;
/** Opening at the first unread: show this many read messages above it for context. */
const CONTEXT_ABOVE_UNREAD = 20;

/**
 * The newest window request per chat: an open, a jump or a return to the newest messages.
 * An answer to an older request is dropped, so two quick jumps never show the first one last.
 */
const windowRequests = new Map<string, number>();
let lastRequest = 0;
function claimWindow(chatId: string): () => boolean {
  const ticket = ++lastRequest;
  windowRequests.set(chatId, ticket);
  return () => windowRequests.get(chatId) === ticket;
}

/** Seqs of two windows that do not touch: merging them would show a gap as if nothing were missing. */
function disjoint(shown: Message[], page: Message[]): boolean {
  const shownLast = shown.at(-1)?.seq;
  const pageFirst = page[0]?.seq;
  const pageLast = page.at(-1)?.seq;
  const shownFirst = shown[0]?.seq;
  if (shownLast === undefined || pageFirst === undefined || pageLast === undefined || shownFirst === undefined) {
    return false;
  }
  return pageFirst > shownLast + 1 || pageLast < shownFirst - 1;
}

/**
 * Opens a chat: the cached window at once (no spinner when it was seen before), then the
 * server's window merged in. The window is the newest page, or the first unread with context.
 */
export const openChatHistory =
  (chatId: string): AppThunk<Promise<void>> =>
  async (dispatch, getState, { client }) => {
    // A jump already chose where this chat opens.
    if (getState().messages.byChat[chatId]?.jumping) return;
    const current = claimWindow(chatId);
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
      if (!current()) return;
      const window = {
        chatId,
        messages: page.messages,
        hasOlder: after !== undefined ? after > 0 : page.hasMore,
        hasNewer: after !== undefined ? page.hasMore : false,
      };
      const merge = cachedIsUseful && !disjoint(cached, page.messages);
      dispatch(merge ? windowRefreshed(window) : windowLoaded(window));
    } catch (err) {
      if (!current()) return;
      dispatch(pageFailed({ chatId }));
      // Offline with a cached window: that is what we show. Without one, say so.
      if (!cachedIsUseful) {
        dispatch(windowLoaded({ chatId, messages: cached, hasOlder: true, hasNewer: false }));
        throw err;
      }
    }
  };

/** Around a jump target: enough on each side to scroll a little before paging. */
const JUMP_PAGE = 50;

/**
 * Shows the chat at one message (a quote, a pin, a search result): scrolls to it when it is
 * loaded, else loads the window around it (from the server; offline, from the cache if the cache
 * holds it) and shows that instead. Either way the message is highlighted briefly.
 */
export const jumpToMessage =
  (chatId: string, seq: number): AppThunk<Promise<void>> =>
  async (dispatch, getState, { client }) => {
    const state = getState().messages.byChat[chatId];
    const loaded = state?.ready && state.list.ids.some((id) => state.list.entities[id]?.seq === seq);
    if (loaded) {
      dispatch(focusRequested({ chatId, seq }));
      return;
    }
    const current = claimWindow(chatId);
    dispatch(jumpStarted({ chatId }));
    try {
      const page = await client.loadHistory(chatId, { around: seq, limit: JUMP_PAGE });
      if (!current()) return;
      const hasOlder = page.hasOlder ?? page.hasMore;
      dispatch(windowJumped({ chatId, messages: page.messages, hasOlder, hasNewer: page.hasNewer ?? false, seq }));
    } catch (err) {
      if (!current()) return;
      const cached = await client.cachedMessages(chatId, {
        afterSeq: Math.max(0, seq - JUMP_PAGE / 2),
        limit: JUMP_PAGE,
      });
      if (cached.some((m) => m.seq === seq)) {
        const hasOlder = (cached[0]?.seq ?? 1) > 1;
        dispatch(windowJumped({ chatId, messages: cached, hasOlder, hasNewer: true, seq }));
        return;
      }
      dispatch(pageFailed({ chatId }));
      if (!state?.ready) await dispatch(openChatHistory(chatId));
      throw err;
    }
  };

/** Opens a chat at one of its messages (search results). */
export const openChatAt =
  (chatId: string, seq: number): AppThunk<Promise<void>> =>
  async (dispatch) => {
    const jump = dispatch(jumpToMessage(chatId, seq));
    dispatch(chatSelected(chatId));
    await jump;
  };

/** Back to the newest messages from a window opened further up (the ↓ button). */
export const jumpToLatest =
  (chatId: string): AppThunk<Promise<void>> =>
  async (dispatch, _getState, { client }) => {
    const current = claimWindow(chatId);
    dispatch(pageLoading({ chatId }));
    try {
      const page = await client.loadHistory(chatId, { limit: PAGE });
      if (!current()) return;
      dispatch(windowLoaded({ chatId, messages: page.messages, hasOlder: page.hasMore, hasNewer: false }));
    } catch (err) {
      if (current()) dispatch(pageFailed({ chatId }));
      throw err;
    }
  };

/**
 * Pages loaded while scrolling: large, because every prepend costs the list a rebuild, and read
 * from the cache when it holds them contiguously (no round trip), else from the server.
 */
const SCROLL_PAGE = LIMITS.historyPageMax;

export const loadOlder =
  (chatId: string): AppThunk<Promise<void>> =>
  async (dispatch, getState, { client }) => {
    const state = getState().messages.byChat[chatId];
    if (!state || state.loading || !state.hasOlder) return;
    const oldest = state.list.ids.map((id) => state.list.entities[id]?.seq).find((s) => typeof s === "number");
    if (oldest === undefined) return;
    dispatch(pageLoading({ chatId }));
    try {
      const cached = await client.cachedMessages(chatId, { beforeSeq: oldest, limit: SCROLL_PAGE });
      if (cached.length > 0 && cached.at(-1)?.seq === oldest - 1) {
        dispatch(olderLoaded({ chatId, messages: cached, hasOlder: (cached[0]?.seq ?? 1) > 1 }));
        return;
      }
      const page = await client.loadHistory(chatId, { before: oldest, limit: SCROLL_PAGE });
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
    if (!state || state.loading || state.jumping) return;
    const seqs = state.list.ids
      .map((id) => state.list.entities[id]?.seq)
      .filter((s): s is number => typeof s === "number");
    const newest = seqs.length > 0 ? Math.max(...seqs) : 0;
    dispatch(pageLoading({ chatId }));
    try {
      // Scrolling back down a window trimmed while scrolling up: the cache has those. (A catch-up
      // after a reconnect asks the server: the cache may not have caught up yet.)
      const lastSeq = getState().chats.entities[chatId]?.lastSeq ?? 0;
      if (state.hasNewer && newest > 0) {
        const cached = await client.cachedMessages(chatId, { afterSeq: newest, limit: SCROLL_PAGE });
        if (cached.length > 0 && cached[0]?.seq === newest + 1) {
          // A full page may stop short of the cache's end; a short one ends it (more may be on the server).
          const hasNewer = cached.length === SCROLL_PAGE || (cached.at(-1)?.seq ?? 0) < lastSeq;
          dispatch(newerLoaded({ chatId, messages: cached, hasNewer }));
          return;
        }
      }
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

/** Sends (a reply when `replyTo` is given); a list showing older messages returns to the newest. */
export const sendMessage =
  (
    chatId: string,
    body: string,
    extra: { mentions?: string[]; replyTo?: ReplyPreview | null } = {},
  ): AppThunk<Promise<void>> =>
  async (dispatch, getState, { client }) => {
    client.stopTyping(chatId);
    if (getState().messages.byChat[chatId]?.hasNewer) dispatch(jumpToLatest(chatId)).catch(() => {});
    await client.sendMessage(chatId, body, {
      ...(extra.mentions && extra.mentions.length > 0 && { mentions: extra.mentions }),
      ...(extra.replyTo && { replyTo: extra.replyTo }),
    });
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

/** Pins or unpins a message for everyone in the chat. */
export const setPinned =
  (chatId: string, messageId: string, pinned: boolean): AppThunk<Promise<void>> =>
  async (dispatch, _getState, { client }) => {
    const message = pinned ? await client.pinMessage(chatId, messageId) : await client.unpinMessage(chatId, messageId);
    dispatch(storedReceived(message));
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
  (chatId: string, messageId: string, body: string, mentions: string[]): AppThunk<Promise<void>> =>
  async (dispatch, _getState, { client }) => {
    dispatch(storedReceived(await client.editMessage(chatId, messageId, body, mentions)));
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
