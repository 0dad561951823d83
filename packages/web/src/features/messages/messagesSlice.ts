import { createEntityAdapter, createSlice, type EntityState, type PayloadAction } from "@reduxjs/toolkit";
import type { Attachment, Message, ReplyPreview } from "@teamchat/protocol";
import type { PendingSend } from "@teamchat/sdk";

/** A message as the list shows it: stored (has seq) or mine on its way (keyed by clientId). */
export type UiMessage = {
  key: string;
  id: string | null;
  chatId: string;
  seq: number | null;
  senderId: string | null;
  clientId: string | null;
  kind: Message["kind"];
  body: string;
  createdAt: string;
  status: "sending" | "failed" | "stored";
  error: string | null;
  editedAt: string | null;
  /** Deleted for everyone: shown as a placeholder. */
  deletedAt: string | null;
  reactions: Message["reactions"];
  /** Which copy is newer (stored messages); 0 for my pending ones. */
  changeSeq: number;
  mentions: string[];
  forwarded: boolean;
  expiresAt: string | null;
  /** The message this one answers, as it is now (deleted: no text). */
  replyTo: ReplyPreview | null;
  pinnedAt: string | null;
  attachments: Attachment[];
  /** My message that will never be delivered: it keeps one ✓. */
  undelivered: boolean;
  /** The server's preview of the body's first link (arrives as a change after the send). */
  linkPreview?: Message["linkPreview"];
  /** Voice notes: who played it (shown to the sender); may be absent on copies cached by older clients. */
  playedBy: string[];
  /** My voice note still on its way (not uploaded yet): drawn from its recording's numbers. */
  pendingVoice?: { durationMs: number; waveform: number[] };
};

export const pendingKey = (clientId: string) => `pending:${clientId}`;

/** Stored messages by seq; my pending ones after them, in the order I wrote them. */
export const messagesAdapter = createEntityAdapter<UiMessage, string>({
  selectId: (m) => m.key,
  sortComparer: (a, b) =>
    (a.seq ?? Number.MAX_SAFE_INTEGER) - (b.seq ?? Number.MAX_SAFE_INTEGER) || a.createdAt.localeCompare(b.createdAt),
});

export type ChatMessages = {
  list: EntityState<UiMessage, string>;
  /** Older messages exist on the server beyond the oldest loaded one. */
  hasOlder: boolean;
  /** Newer messages exist beyond the newest loaded one (opened at the first unread, or a gap). */
  hasNewer: boolean;
  loading: boolean;
  /** A window has been loaded (from the cache or the server): the list can render. */
  ready: boolean;
  /** Virtuoso's index of the first item; it decreases as older pages are prepended (no jump). */
  firstItemIndex: number;
  /**
   * Which window of history is shown: a new one (opened, jumped to a message, back to the
   * newest) gets a fresh list instance positioned at once, never a scroll across a gap.
   */
  windowId: number;
  /**
   * The window was loaded by opening the chat (not a jump, not back to the newest): it opens at
   * the first unread. An open may load two windows (the cache's, then the server's when they do
   * not meet; or a second open on reconnecting): both open there.
   */
  opening?: boolean;
  /** A jump to a message is loading its window: opening the chat must not replace it. */
  jumping: boolean;
  /** The message to bring into view and highlight (nonce: asking again highlights again). */
  focus: { seq: number; nonce: number } | null;
  /** The last seq of a page that filled a gap below the window: not followed to its end. */
  gapPageEndSeq?: number | null;
  /**
   * The newest live message left out because the window did not reach it (a gap, or a window
   * still loading): a page read before it arrived must not say "nothing newer".
   */
  missedLiveSeq?: number | null;
  /**
   * Stored messages that arrived (live or by a catch-up) while no window was shown: a window read
   * before them must not show an older copy of one (an edit, a delete, a reaction undone).
   */
  arrivedWhileLoading?: Record<string, UiMessage>;
  /**
   * When I last wrote a message here (this device's clock, as the outbox stamps it): an open of
   * the chat still waiting to place its window then opens at the newest, where my message is.
   */
  lastSentAt?: string;
};

export const FIRST_ITEM_INDEX = 1_000_000_000;

/**
 * At most this many stored messages of a chat are in the store: scrolling far up drops the
 * newest ones (they come back from the cache when scrolling down again). It bounds the list's
 * size tree, whose rebuild on every prepend grows with the number of loaded items
 * (docs/benchmarks.md, client smoothness), and the memory of a reader going through years.
 */
export const LOADED_MESSAGES_MAX = 800;

const emptyChat = (): ChatMessages => ({
  list: messagesAdapter.getInitialState(),
  hasOlder: true,
  hasNewer: false,
  loading: false,
  ready: false,
  firstItemIndex: FIRST_ITEM_INDEX,
  windowId: 0,
  jumping: false,
  focus: null,
});

export function fromStored(m: Message): UiMessage {
  return { ...m, key: m.id, status: "stored", error: null };
}

function fromPending(p: PendingSend, senderId: string): UiMessage {
  return {
    key: pendingKey(p.clientId),
    id: null,
    chatId: p.chatId,
    seq: null,
    senderId,
    clientId: p.clientId,
    kind: "text",
    body: p.body,
    createdAt: p.createdAt,
    status: p.status,
    error: p.error,
    editedAt: null,
    deletedAt: null,
    reactions: [],
    changeSeq: 0,
    mentions: p.mentions ?? [],
    forwarded: p.forwardOf !== undefined,
    replyTo: p.replyTo ?? null,
    pinnedAt: null,
    expiresAt: null,
    attachments: p.attachments ?? [],
    undelivered: false,
    playedBy: [],
    ...(p.voice && { pendingVoice: { durationMs: p.voice.durationMs, waveform: p.voice.waveform } }),
  };
}

type State = {
  byChat: Record<string, ChatMessages>;
  /** The message being edited in the composer, if any. */
  editing: { chatId: string; messageId: string; body: string } | null;
  /** A message dialog that is open: forward it, or show its edit history. */
  dialog: { kind: "forward" | "editHistory"; chatId: string; messageId: string } | null;
  /** The message being answered in the composer, if any. */
  replying: { chatId: string; quote: ReplyPreview } | null;
};

/**
 * The chat's entry, created if missing. Adapter calls below always assign their result back
 * (`chat.list = adapter.op(chat.list, …)`): on a freshly created (non-draft) object the adapter
 * returns a new state instead of mutating.
 */
function chatOf(state: State, chatId: string): ChatMessages {
  let chat = state.byChat[chatId];
  if (!chat) {
    chat = emptyChat();
    state.byChat[chatId] = chat;
  }
  return chat;
}

export const messagesSlice = createSlice({
  name: "messages",
  initialState: { byChat: {}, editing: null, dialog: null, replying: null } as State,
  reducers: {
    dialogOpened(state, action: PayloadAction<NonNullable<State["dialog"]>>) {
      state.dialog = action.payload;
    },
    dialogClosed(state) {
      state.dialog = null;
    },
    /** Deleted for me (here or on another of my devices). */
    messageHidden(state, action: PayloadAction<{ chatId: string; messageId: string }>) {
      const chat = state.byChat[action.payload.chatId];
      if (chat) chat.list = messagesAdapter.removeOne(chat.list, action.payload.messageId);
    },
    editStarted(state, action: PayloadAction<{ chatId: string; messageId: string; body: string }>) {
      state.editing = action.payload;
      state.replying = null;
    },
    replyStarted(state, action: PayloadAction<{ chatId: string; quote: ReplyPreview }>) {
      state.replying = action.payload;
      state.editing = null;
    },
    replyEnded(state) {
      state.replying = null;
    },
    jumpStarted(state, action: PayloadAction<{ chatId: string }>) {
      const chat = chatOf(state, action.payload.chatId);
      chat.jumping = true;
      chat.loading = true;
    },
    /**
     * The window around a message (jump): replaces the list, keeping only my pending messages;
     * the list is rebuilt at that message, which is then highlighted.
     */
    windowJumped(
      state,
      action: PayloadAction<{ chatId: string; messages: Message[]; hasOlder: boolean; hasNewer: boolean; seq: number }>,
    ) {
      const { chatId, messages, hasOlder, hasNewer, seq } = action.payload;
      const chat = chatOf(state, chatId);
      const pending = Object.values(chat.list.entities).filter((m) => m.status !== "stored");
      const settled = new Set(messages.flatMap((m) => (m.clientId ? [pendingKey(m.clientId)] : [])));
      chat.list = messagesAdapter.setAll(chat.list, [
        ...newestCopies(chat, messages),
        ...pending.filter((m) => !settled.has(m.key)),
      ]);
      const arrived = chat.arrivedWhileLoading;
      chat.arrivedWhileLoading = undefined;
      Object.assign(chat, { hasOlder, hasNewer, loading: false, ready: true, jumping: false });
      if (!hasNewer) appendArrivedTail(chat, arrived);
      chat.firstItemIndex = FIRST_ITEM_INDEX;
      chat.windowId += 1;
      chat.opening = false;
      chat.focus = { seq, nonce: (chat.focus?.nonce ?? 0) + 1 };
    },
    /** Bring a message already in the list into view and highlight it. */
    focusRequested(state, action: PayloadAction<{ chatId: string; seq: number }>) {
      const chat = chatOf(state, action.payload.chatId);
      chat.focus = { seq: action.payload.seq, nonce: (chat.focus?.nonce ?? 0) + 1 };
    },
    focusCleared(state, action: PayloadAction<{ chatId: string }>) {
      const chat = state.byChat[action.payload.chatId];
      if (chat) chat.focus = null;
    },
    editEnded(state) {
      state.editing = null;
    },
    pageLoading(state, action: PayloadAction<{ chatId: string }>) {
      const chat = chatOf(state, action.payload.chatId);
      chat.loading = true;
    },
    pageFailed(state, action: PayloadAction<{ chatId: string }>) {
      const chat = state.byChat[action.payload.chatId];
      if (chat) {
        chat.loading = false;
        chat.jumping = false;
        chat.arrivedWhileLoading = undefined;
      }
    },
    /**
     * A fresh window of history (on open) replaces what was there, except my pending messages
     * and anything that arrived live after the window was read (it is newer than the window).
     */
    windowLoaded(
      state,
      action: PayloadAction<{
        chatId: string;
        messages: Message[];
        hasOlder: boolean;
        hasNewer: boolean;
        opening?: boolean;
      }>,
    ) {
      const { chatId, messages, hasOlder, hasNewer, opening = false } = action.payload;
      const chat = chatOf(state, chatId);
      const windowEnd = messages.at(-1)?.seq ?? 0;
      const keep = Object.values(chat.list.entities).filter(
        (m) => m.status !== "stored" || (!hasNewer && (m.seq ?? 0) > windowEnd),
      );
      const settled = new Set(messages.flatMap((m) => (m.clientId ? [pendingKey(m.clientId)] : [])));
      chat.list = messagesAdapter.setAll(chat.list, [
        ...newestCopies(chat, messages),
        ...keep.filter((m) => !settled.has(m.key)),
      ]);
      const arrived = chat.arrivedWhileLoading;
      chat.arrivedWhileLoading = undefined;
      Object.assign(chat, { hasOlder, hasNewer, loading: false, ready: true, firstItemIndex: FIRST_ITEM_INDEX });
      if (!hasNewer) appendArrivedTail(chat, arrived);
      keepMissedAsNewer(chat);
      chat.windowId += 1;
      chat.opening = opening;
      chat.focus = null;
    },
    /**
     * The server's window after the cached one was shown: merged in place. Messages that land
     * before the first shown one lower firstItemIndex, so what is on screen does not move.
     */
    windowRefreshed(
      state,
      action: PayloadAction<{ chatId: string; messages: Message[]; hasOlder: boolean; hasNewer: boolean }>,
    ) {
      const { chatId, messages, hasOlder, hasNewer } = action.payload;
      const chat = chatOf(state, chatId);
      const firstShown = firstStoredSeq(chat);
      for (const m of messages) removePendingOf(chat, m);
      const before =
        firstShown === null ? 0 : messages.filter((m) => m.seq < firstShown && !chat.list.entities[m.id]).length;
      chat.list = messagesAdapter.upsertMany(chat.list, newestCopies(chat, messages));
      chat.firstItemIndex -= before;
      Object.assign(chat, { hasOlder, hasNewer, loading: false, ready: true });
      keepMissedAsNewer(chat);
    },
    /** Changes fetched by a catch-up: applied like live ones (no gaps appended). */
    manyStoredReceived(state, action: PayloadAction<{ chatId: string; messages: Message[] }>) {
      const chat = state.byChat[action.payload.chatId];
      if (!chat) return;
      for (const message of action.payload.messages) {
        if (chat.ready) applyStored(chat, message);
        else arrivedWhileLoading(chat, message);
      }
    },
    chatDropped(state, action: PayloadAction<string>) {
      delete state.byChat[action.payload];
    },
    olderLoaded(state, action: PayloadAction<{ chatId: string; messages: Message[]; hasOlder: boolean }>) {
      const chat = state.byChat[action.payload.chatId];
      if (!chat) return;
      const fresh = action.payload.messages.filter((m) => !chat.list.entities[m.id]);
      chat.list = messagesAdapter.addMany(chat.list, fresh.map(fromStored));
      chat.firstItemIndex -= fresh.length;
      chat.hasOlder = action.payload.hasOlder;
      chat.loading = false;
      dropNewestBeyondBound(chat);
    },
    newerLoaded(state, action: PayloadAction<{ chatId: string; messages: Message[]; hasNewer: boolean }>) {
      const chat = state.byChat[action.payload.chatId];
      if (!chat) return;
      for (const m of action.payload.messages) removePendingOf(chat, m);
      chat.list = messagesAdapter.upsertMany(chat.list, newestCopies(chat, action.payload.messages));
      if (chat.hasNewer) chat.gapPageEndSeq = action.payload.messages.at(-1)?.seq ?? null;
      chat.hasNewer = action.payload.hasNewer;
      keepMissedAsNewer(chat);
      chat.loading = false;
    },
    /** A live message (or my ack). Appended only when it continues what is loaded: no gaps. */
    storedReceived(state, action: PayloadAction<Message>) {
      const chat = state.byChat[action.payload.chatId];
      if (chat?.ready) applyStored(chat, action.payload);
      else if (chat) {
        // The window being opened may have been read before it.
        missed(chat, action.payload);
        arrivedWhileLoading(chat, action.payload);
      }
    },
    pendingChanged(state, action: PayloadAction<{ send: PendingSend; senderId: string }>) {
      const { send, senderId } = action.payload;
      const chat = chatOf(state, send.chatId);
      chat.list = messagesAdapter.upsertOne(chat.list, fromPending(send, senderId));
      if (send.status === "sending" && send.createdAt > (chat.lastSentAt ?? "")) chat.lastSentAt = send.createdAt;
    },
  },
});

function applyStored(chat: ChatMessages, message: Message) {
  removePendingOf(chat, message);
  const existing = chat.list.entities[message.id];
  if (existing) {
    // A newer version of a message we show (an edit, a delete, a reaction) replaces it.
    if (existing.changeSeq <= message.changeSeq) chat.list = messagesAdapter.upsertOne(chat.list, fromStored(message));
    return;
  }
  // A window that holds no stored message but the chat's start ends at seq 0: my ack of a message
  // written offline must not be appended there before the ones I missed (found by the state
  // property test: the catch-up's older messages were then dropped as "before the window").
  const newest = newestSeq(chat) ?? (chat.hasOlder ? null : 0);
  if (chat.hasNewer || (newest !== null && message.seq > newest + 1)) {
    chat.hasNewer = true; // a gap: the list fetches the missing range
    missed(chat, message);
    return;
  }
  if (newest !== null && message.seq < newest) return; // older than the window's end: not ours to add
  chat.list = messagesAdapter.addOne(chat.list, fromStored(message));
}

/**
 * Each message of a window or page as it will be shown: the page's copy, unless the list already
 * shows a newer version of it or one arrived while the window loaded (a page read before a live
 * edit, delete or reaction must not undo it; found by the state property test: an edit just
 * after a reconnect was lost to the reconnect's reload of the open chat).
 */
function newestCopies(chat: ChatMessages, messages: Message[]): UiMessage[] {
  return messages.map((m) => {
    let newest: UiMessage | null = null;
    for (const copy of [chat.list.entities[m.id], chat.arrivedWhileLoading?.[m.id]]) {
      if (copy?.status === "stored" && copy.changeSeq > (newest?.changeSeq ?? m.changeSeq)) newest = copy;
    }
    return newest ?? fromStored(m);
  });
}

/**
 * Live messages that arrived while a window reaching the chat's end was read continue it: they
 * are appended in seq order as far as they run without a gap, each in place of my pending copy.
 * Left out, my ack of a message sent while the chat was opening stayed "sending" beside a list
 * that thought something newer was still to fetch (the phone e2e's flaky data-seq).
 */
function appendArrivedTail(chat: ChatMessages, arrived: ChatMessages["arrivedWhileLoading"]) {
  let newest = newestSeq(chat) ?? (chat.hasOlder ? null : 0);
  if (!arrived || newest === null) return;
  const after = newest;
  const tail = Object.values(arrived)
    .filter((m): m is UiMessage & { seq: number } => m.seq !== null && m.seq > after)
    .sort((a, b) => a.seq - b.seq);
  for (const message of tail) {
    if (message.seq !== newest + 1) break;
    if (message.clientId) chat.list = messagesAdapter.removeOne(chat.list, pendingKey(message.clientId));
    chat.list = messagesAdapter.addOne(chat.list, message);
    newest = message.seq;
  }
}

function arrivedWhileLoading(chat: ChatMessages, message: Message) {
  if (!chat.loading) return; // no window is being read: nothing to protect
  const known = chat.arrivedWhileLoading?.[message.id];
  if (known && known.changeSeq > message.changeSeq) return;
  chat.arrivedWhileLoading = { ...chat.arrivedWhileLoading, [message.id]: fromStored(message) };
}

function missed(chat: ChatMessages, message: Message) {
  chat.missedLiveSeq = Math.max(chat.missedLiveSeq ?? 0, message.seq);
}

/**
 * A page or window read before a live message arrived says "nothing newer"; the message was left
 * out meanwhile (found by the state property test: the last one was never shown).
 */
function keepMissedAsNewer(chat: ChatMessages) {
  if ((chat.missedLiveSeq ?? 0) > (newestSeq(chat) ?? 0)) chat.hasNewer = true;
  else chat.missedLiveSeq = null;
}

/** Only below what the reader looks at (removing items above would move the list). */
function dropNewestBeyondBound(chat: ChatMessages) {
  const stored = chat.list.ids.filter((id) => chat.list.entities[id]?.status === "stored");
  const excess = stored.length - LOADED_MESSAGES_MAX;
  if (excess <= 0) return;
  // My unsent messages stay: they are not in the cache to come back from.
  chat.list = messagesAdapter.removeMany(chat.list, stored.slice(-excess));
  chat.hasNewer = true;
  chat.gapPageEndSeq = null;
}

function firstStoredSeq(chat: ChatMessages): number | null {
  for (const id of chat.list.ids) {
    const seq = chat.list.entities[id]?.seq;
    if (typeof seq === "number") return seq;
  }
  return null;
}

function removePendingOf(chat: ChatMessages, message: Message) {
  if (message.clientId) chat.list = messagesAdapter.removeOne(chat.list, pendingKey(message.clientId));
}

function newestSeq(chat: ChatMessages): number | null {
  let newest: number | null = null;
  for (let i = chat.list.ids.length - 1; i >= 0; i--) {
    const id = chat.list.ids[i];
    const seq = id === undefined ? null : (chat.list.entities[id]?.seq ?? null);
    if (seq !== null) {
      newest = seq;
      break;
    }
  }
  return newest;
}

export const {
  dialogOpened,
  dialogClosed,
  messageHidden,
  editStarted,
  editEnded,
  replyStarted,
  replyEnded,
  jumpStarted,
  windowJumped,
  focusRequested,
  focusCleared,
  pageLoading,
  pageFailed,
  windowLoaded,
  windowRefreshed,
  olderLoaded,
  newerLoaded,
  storedReceived,
  manyStoredReceived,
  chatDropped,
  pendingChanged,
} = messagesSlice.actions;
