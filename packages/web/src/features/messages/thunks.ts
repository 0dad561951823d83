import type { Message, ReplyPreview } from "@teamchat/protocol";
import type { TimelineWindow } from "@teamchat/sdk";
import type { AppThunk } from "../../app/store.js";
import { chatSelected } from "../chats/chatsSlice.js";
import {
  focusRequested,
  jumpStarted,
  newerLoaded,
  olderLoaded,
  pageFailed,
  pageLoading,
  windowJumped,
  windowLoaded,
  windowRefreshed,
} from "./messagesSlice.js";

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

const asWindow = ({ chatId, messages, hasOlder, hasNewer }: TimelineWindow) => ({
  chatId,
  messages,
  hasOlder,
  hasNewer,
});

/**
 * Opens a chat where the SDK's timeline says (first unread, else newest): the cached window at
 * once (no spinner when it was seen before), then the server's window merged in.
 */
export const openChatHistory =
  (chatId: string): AppThunk<Promise<void>> =>
  async (dispatch, getState, { client }) => {
    // A jump already chose where this chat opens.
    if (getState().messages.byChat[chatId]?.jumping) return;
    const current = claimWindow(chatId);
    dispatch(pageLoading({ chatId }));
    let opening: Awaited<ReturnType<typeof client.timeline.open>>;
    try {
      opening = await client.timeline.open(chatId);
    } catch (err) {
      // Opened from the address before the session is back: the catch-up on connecting retries.
      dispatch(pageFailed({ chatId }));
      throw err;
    }
    const { cached, server } = opening;
    if (!current()) return;
    if (cached) dispatch(windowLoaded({ ...asWindow(cached), opening: true }));
    try {
      const window = await server;
      if (!current()) return;
      const merge = cached !== null && !disjoint(cached.messages, window.messages);
      dispatch(merge ? windowRefreshed(asWindow(window)) : windowLoaded({ ...asWindow(window), opening: true }));
    } catch (err) {
      if (!current()) return;
      dispatch(pageFailed({ chatId }));
      // Offline with a cached window: that is what we show. Without one, say so.
      if (!cached) {
        dispatch(windowLoaded({ chatId, messages: [], hasOlder: true, hasNewer: false, opening: true }));
        throw err;
      }
    }
  };

/**
 * Shows the chat at one message (a quote, a pin, a search result): scrolls to it when it is
 * loaded, else loads the window around it and shows that instead. Either way the message is
 * highlighted briefly.
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
      const window = await client.timeline.around(chatId, seq);
      if (!current()) return;
      dispatch(windowJumped({ ...asWindow(window), seq }));
    } catch (err) {
      if (!current()) return;
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
      const window = await client.timeline.latest(chatId);
      if (!current()) return;
      dispatch(windowLoaded(asWindow(window)));
    } catch (err) {
      if (current()) dispatch(pageFailed({ chatId }));
      throw err;
    }
  };

/** Scrolling up: the SDK's timeline reads the cache when it holds the page contiguously. */
export const loadOlder =
  (chatId: string): AppThunk<Promise<void>> =>
  async (dispatch, getState, { client }) => {
    const state = getState().messages.byChat[chatId];
    if (!state || state.loading || !state.hasOlder) return;
    const oldest = state.list.ids.map((id) => state.list.entities[id]?.seq).find((s) => typeof s === "number");
    if (oldest === undefined) return;
    dispatch(pageLoading({ chatId }));
    try {
      const { messages, hasOlder } = await client.timeline.older(chatId, oldest);
      dispatch(olderLoaded({ chatId, messages, hasOlder }));
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
      const { messages, hasNewer } = await client.timeline.newer(chatId, newest, { cacheFirst: state.hasNewer });
      dispatch(newerLoaded({ chatId, messages, hasNewer }));
    } catch (err) {
      dispatch(pageFailed({ chatId }));
      throw err;
    }
  };

/** After a reconnect: fetch what the open chat missed. */
export const catchUpOpenChat = (): AppThunk<Promise<void>> => async (dispatch, getState) => {
  const chatId = getState().chats.selectedId;
  const state = chatId ? getState().messages.byChat[chatId] : undefined;
  if (!chatId || !state) return;
  await dispatch(state.ready ? loadNewer(chatId) : openChatHistory(chatId));
};

/** Sends (a reply when `replyTo` is given); a list showing older messages, or still loading, goes to the newest. */
export const sendMessage =
  (
    chatId: string,
    body: string,
    extra: { mentions?: string[]; replyTo?: ReplyPreview | null; noLinkPreview?: boolean } = {},
  ): AppThunk<Promise<void>> =>
  async (dispatch, getState, { client }) => {
    client.stopTyping(chatId);
    // Sent while the chat's window is still loading, or before the open placed one (it waits for
    // the first catch-up when the app starts): it may open at the first unread, with my message
    // beyond it, pending until I scrolled down. Open the newest instead (WhatsApp does).
    const shown = getState().messages.byChat[chatId];
    if (!shown?.ready || shown.hasNewer) dispatch(jumpToLatest(chatId)).catch(() => {});
    await client.sendMessage(chatId, body, {
      ...(extra.mentions && extra.mentions.length > 0 && { mentions: extra.mentions }),
      ...(extra.replyTo && { replyTo: extra.replyTo }),
      ...(extra.noLinkPreview && { noLinkPreview: true }),
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
  async (_dispatch, _getState, { client }) => {
    await client.hideMessage(chatId, messageId);
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
  async (_dispatch, _getState, { client }) => {
    await (pinned ? client.pinMessage(chatId, messageId) : client.unpinMessage(chatId, messageId));
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
  async (_dispatch, _getState, { client }) => {
    await client.editMessage(chatId, messageId, body, mentions);
  };

export const deleteForEveryone =
  (chatId: string, messageId: string): AppThunk<Promise<void>> =>
  async (_dispatch, _getState, { client }) => {
    await client.deleteMessage(chatId, messageId);
  };

/** Adds my reaction with this emoji, or takes it back if I already reacted with it. */
export const toggleReaction =
  (chatId: string, messageId: string, emoji: string): AppThunk<Promise<void>> =>
  async (_dispatch, getState, { client }) => {
    const myId = getState().session.me?.id ?? "";
    const message = getState().messages.byChat[chatId]?.list.entities[messageId];
    const mine = message?.reactions.some((r) => r.emoji === emoji && r.userIds.includes(myId)) ?? false;
    await (mine ? client.unreact(chatId, messageId, emoji) : client.react(chatId, messageId, emoji));
  };
