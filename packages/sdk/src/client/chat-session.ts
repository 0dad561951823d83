import {
  type ChatSummary,
  ClientEvent,
  type ClientPayload,
  type HistoryPage,
  type Message,
  type Presence,
  type PublicUser,
} from "@teamchat/protocol";
import type { ApiClient } from "../api-client.js";
import type { CacheStore, OutboxEntry } from "../cache/cache-store.js";
import { ChatError } from "../errors.js";
import { Outbox } from "../outbox/outbox.js";
import { onPageShown, reconnectNow } from "../profile/reconnect-now.js";
import { type ChatSocket, createSocket, request } from "../socket.js";
import {
  keepSettingsOf,
  mergeChatLists,
  mergeGroupUpdate,
  withMemberPointer,
  withMessage,
  withPins,
  withReadState,
  withSettings,
  withUser,
} from "../sync/chat-summaries.js";
import { SyncCursors } from "../sync/cursors.js";
import { HiddenMessages } from "../sync/hidden-messages.js";
import { keepMyPlay } from "../sync/my-plays.js";
import { SyncEngine } from "../sync/sync-engine.js";
import type { ChatClientEvents, ConnectionState } from "./client-events.js";
import type { Emitter } from "./emitter.js";
import { OutboxSender } from "./outbox-sender.js";
import { ReceiptQueue } from "./receipt-queue.js";
import { bindSocketEvents } from "./socket-events.js";
import { Timeline } from "./timeline.js";

const TYPING_REPEAT_MS = 3_000;

/** What a session needs from the client that holds it (the sign-in outlives sessions). */
export type ChatSessionHost = {
  serverUrl: string;
  api: ApiClient;
  events: Emitter<ChatClientEvents>;
  /** A REST call that refreshes the access token once if it expired. */
  call<T>(fn: (api: ApiClient) => Promise<T>): Promise<T>;
  token(): string | null;
  myId(): string | undefined;
  ackTimeoutMs(): number;
  setConnection(state: ConnectionState): void;
  /** Refreshes the access token; false when the sign-in has ended. */
  refreshSession(): Promise<boolean>;
  /** The sign-in ended for good (account disabled, refresh refused). */
  stop(): void;
  /** ChatClientOptions.followAllChats: every chat gets a sync cursor when first seen. */
  followAllChats: boolean;
};

/** A message change that needs the connection and answers with the message as it now is. */
type MessageChangeEvent =
  | typeof ClientEvent.messageEdit
  | typeof ClientEvent.messageDelete
  | typeof ClientEvent.reactionAdd
  | typeof ClientEvent.reactionRemove
  | typeof ClientEvent.messagePin
  | typeof ClientEvent.messageUnpin
  | typeof ClientEvent.messagePlayed;

/**
 * Everything one signed-in user's client state is made of, owned in one place: the cache, the
 * outbox and its sender, sync cursors, my hidden messages, the socket, the sync engine
 * (catch-up after every (re)connection, gap watch) and receipts. Created when a user signs in
 * (or opens their cache offline), dropped at sign-out. Every server event, ack and REST result
 * goes through here into the cache before the UI hears of it.
 */
export class ChatSession {
  readonly outbox: Outbox;
  readonly cursors: SyncCursors;
  readonly hidden: HiddenMessages;
  /** Settings changes applied per chat: a summary asked for before one must not undo it. */
  private readonly settingsEpoch = new Map<string, number>();
  readonly receipts = new ReceiptQueue(() => this.socket);
  readonly sender: OutboxSender;
  readonly sync: SyncEngine;
  readonly timeline: Timeline;
  socket: ChatSocket | null = null;
  private readonly typingSentAt = new Map<string, number>();
  private chatWrites: Promise<unknown> = Promise.resolve();
  /** Per chat, a fingerprint of what this session last told its listeners (see `writeChatNow`). */
  private readonly told = new Map<string, number>();
  private stopWatchingPage: (() => void) | null = null;

  private constructor(
    readonly userId: string,
    readonly cache: CacheStore,
    private readonly host: ChatSessionHost,
  ) {
    this.outbox = new Outbox(cache);
    this.cursors = new SyncCursors(cache);
    this.hidden = new HiddenMessages(cache, (work) => this.serial(work));
    this.sender = new OutboxSender({
      socket: () => this.socket,
      outbox: () => this.outbox,
      store: async (message) => void (await this.storeMessage(message)),
      myId: () => host.myId(),
      events: host.events,
      ackTimeoutMs: () => host.ackTimeoutMs(),
      upload: (audio, name, voice) => host.call((api) => api.uploadFile(audio, name, { voice })),
    });
    this.timeline = new Timeline({ cache, loadHistory: (chatId, page) => this.loadHistory(chatId, page) });
    this.sync = new SyncEngine({
      cache,
      cursors: this.cursors,
      hidden: this.hidden,
      sender: this.sender,
      receipts: this.receipts,
      events: host.events,
      api: host.api,
      call: (fn) => host.call(fn),
      myId: () => host.myId(),
      connected: () => this.socket?.connected === true,
      setConnection: (state) => host.setConnection(state),
      writeChat: (chatId, rule) => this.writeChat(chatId, rule),
      followAllChats: host.followAllChats,
      chatWrite: (work) => this.serial(work),
      settingsEpoch: (chatId) => this.settingsEpoch.get(chatId) ?? 0,
      settingsEpochs: () => this.settingsEpoch,
      newer: (chatId, afterSeq) => this.timeline.newer(chatId, afterSeq),
    });
  }

  /** Opens a user's session on their cache, restoring the outbox, cursors and hidden messages. */
  static async open(userId: string, cache: CacheStore, host: ChatSessionHost): Promise<ChatSession> {
    const session = new ChatSession(userId, cache, host);
    await session.hidden.load();
    await session.cursors.load((await cache.getChats()).map((c) => c.id));
    await session.outbox.load();
    return session;
  }

  /** stop() forgot the cursors in memory: a sign-in again on the same cache resumes from them. */
  async resume(): Promise<void> {
    await this.cursors.load((await this.cache.getChats()).map((c) => c.id));
    await this.hidden.load();
  }

  /** Shows what a previous session left unsent (after the session event, so it reads as mine). */
  announceOutbox(): void {
    for (const entry of this.outbox.all()) this.host.events.emit("pending", entry);
  }

  // ── connection ─────────────────────────────────────────────────────────────

  connect(): void {
    if (this.socket) return;
    this.host.setConnection("connecting");
    const on = (globalThis as { addEventListener?: (e: string, l: () => void) => void }).addEventListener;
    on?.call(globalThis, "offline", this.onDeviceOffline);
    on?.call(globalThis, "online", this.onDeviceOnline);
    this.stopWatchingPage = onPageShown(() => this.socket && reconnectNow(this.socket));
    const socket = createSocket({ serverUrl: this.host.serverUrl, getToken: () => this.host.token() });
    this.socket = socket;
    const { events } = this.host;
    bindSocketEvents(socket, {
      onConnected: () => {
        this.sender.reset();
        this.sender.transmitAll();
        this.receipts.schedule();
        void this.sync.run();
      },
      onDisconnected: (state) => {
        this.sender.reset();
        if (state) this.host.setConnection(state);
      },
      refreshSession: () => this.host.refreshSession(),
      stop: () => this.host.stop(),
      reconnect: () => this.socket?.connect(),
      onMessage: (message) => this.onMessage(message),
      onMessageUpdated: (message) => this.onMessageUpdated(message),
      onReadState: async (state) => {
        const chat = await this.updateChat(state.chatId, (cached) => withReadState(cached, state));
        events.emit("readState", state);
        // The server counted before it emitted: a message stored in between may have reached me
        // first and been counted here, then overwritten (found by the state property test).
        if (chat && chat.lastSeq > state.readSeq) await this.refreshSummary(state.chatId).catch(() => {});
      },
      onChatCreated: async (chat) => {
        this.sync.chatAnnounced(chat);
        await this.adoptChat(chat);
        // A direct chat enters my list with its first message, and the next ones race its
        // announcement: stored before the chat was known, they are in no count of the summary
        // (read before them). The server's summary now counts them (the live badge stopped at
        // 58 of 60 in live.spec).
        if ((await this.cache.getMaxSeq(chat.id)) > chat.lastSeq) await this.refreshSummary(chat.id).catch(() => {});
        // Followed from here: what came before is the chat's history, not something missed.
        if (this.host.followAllChats && this.cursors.get(chat.id) === undefined) {
          await this.cursors.advance(chat.id, chat.changeSeq);
        }
        events.emit("chatCreated", chat);
      },
      onChatSettings: async (settings) => {
        this.settingsEpoch.set(settings.chatId, (this.settingsEpoch.get(settings.chatId) ?? 0) + 1);
        await this.updateChat(settings.chatId, (chat) => withSettings(chat, settings));
        events.emit("chatSettings", settings);
      },
      onChatUpdated: async (chat) => {
        await this.applyChatUpdate(chat);
      },
      onChatPins: async (payload) => {
        await this.updateChat(payload.chatId, (chat) => withPins(chat, payload.pins));
        events.emit("chatPins", payload);
      },
      onPointer: async (pointer, kind) => {
        await this.updateChat(pointer.chatId, (chat) => withMemberPointer(chat, pointer, kind));
        events.emit(kind, pointer);
      },
      onMessageHidden: (hide) => this.onMessageHidden(hide),
      onUserUpdated: (user) => this.applyUser(user),
      onChatHead: (head) => this.sync.watchForGap(head.chatId, head.changeSeq),
      onChatLeft: async (payload) => {
        // Authoritative for a former member: the chat (and its feed) ends at leftAtSeq.
        await this.adoptChat(payload.chat);
        events.emit("chatLeft", payload);
      },
      emit: (event, payload) => events.emit(event, payload),
    });
  }

  /** Closes the socket and forgets what is only in memory (the cache stays). */
  disconnect(): void {
    const off = (globalThis as { removeEventListener?: (e: string, l: () => void) => void }).removeEventListener;
    off?.call(globalThis, "offline", this.onDeviceOffline);
    off?.call(globalThis, "online", this.onDeviceOnline);
    this.stopWatchingPage?.();
    this.stopWatchingPage = null;
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = null;
    this.outbox.reset();
    this.cursors.reset();
    this.hidden.reset();
    this.sender.reset();
    this.sync.reset();
    this.told.clear();
  }

  /** The browser's network signal: show "offline" at once instead of waiting for a ping timeout. */
  private readonly onDeviceOffline = () => {
    if (this.socket) this.host.setConnection("offline");
  };
  private readonly onDeviceOnline = () => {
    if (!this.socket) return;
    if (this.socket.connected) this.host.setConnection("live");
    else {
      this.host.setConnection("reconnecting");
      // At once, not after the backoff's pending delay (live again within a second).
      reconnectNow(this.socket);
    }
  };

  private requireSocket(): ChatSocket {
    if (!this.socket?.connected) throw new ChatError({ code: "UNAVAILABLE", message: "Not connected to the server" });
    return this.socket;
  }

  // ── history ────────────────────────────────────────────────────────────────

  /** A history page from the server, kept in the cache (and the chat's first sync cursor set). */
  async loadHistory(
    chatId: string,
    page: { before?: number; after?: number; around?: number; limit?: number },
  ): Promise<HistoryPage> {
    const result = await this.host.call((api) => api.history(chatId, page));
    await this.cache.putMessages(result.messages);
    if (this.cursors.get(chatId) === undefined) await this.cursors.advance(chatId, result.changeSeq);
    this.receipts.markDelivered(result.messages, this.host.myId());
    return result;
  }

  // ── messages ───────────────────────────────────────────────────────────────

  async send(
    chatId: string,
    body: string,
    extra: Pick<OutboxEntry, "mentions" | "forwardOf" | "replyTo" | "attachments" | "noLinkPreview" | "voice">,
  ): Promise<OutboxEntry> {
    const entry = await this.outbox.add(chatId, body, extra);
    this.host.events.emit("pending", entry);
    this.sender.transmit(entry);
    return entry;
  }

  async retry(clientId: string): Promise<void> {
    const entry = await this.outbox.retry(clientId);
    if (!entry) return;
    this.host.events.emit("pending", entry);
    this.sender.transmit(entry);
  }

  async hideMessage(chatId: string, messageId: string): Promise<void> {
    // My own echo (message:hidden) may be handled before the ack: it then refreshes the preview,
    // but the caller must find it refreshed when this resolves, so decide before asking.
    const wasPreview = (await this.cache.getChat(chatId))?.lastMessage?.id === messageId;
    const hide = await request(
      this.requireSocket(),
      ClientEvent.messageHide,
      { chatId, messageId },
      this.host.ackTimeoutMs(),
    );
    await this.onMessageHidden(hide);
    if (wasPreview) await this.refreshSummary(chatId).catch(() => {});
  }

  async changeMessage<E extends MessageChangeEvent>(event: E, payload: ClientPayload<E>): Promise<Message> {
    const { message } = await request(this.requireSocket(), event, payload, this.host.ackTimeoutMs());
    await this.onMessageUpdated(message);
    return message;
  }

  startTyping(chatId: string): void {
    const now = Date.now();
    if (now - (this.typingSentAt.get(chatId) ?? 0) < TYPING_REPEAT_MS) return;
    this.typingSentAt.set(chatId, now);
    this.fireAndForget(ClientEvent.typingStart, chatId);
  }

  stopTyping(chatId: string): void {
    if (!this.typingSentAt.delete(chatId)) return;
    this.fireAndForget(ClientEvent.typingStop, chatId);
  }

  async queryPresence(userIds: string[]): Promise<Presence[]> {
    if (!this.socket?.connected || userIds.length === 0) return [];
    return (await request(this.socket, ClientEvent.presenceQuery, { userIds })).presence;
  }

  private fireAndForget(event: typeof ClientEvent.typingStart | typeof ClientEvent.typingStop, chatId: string): void {
    if (this.socket?.connected) request(this.socket, event, { chatId }).catch(() => {});
  }

  /**
   * A stored message into the cache, and into its chat's summary (preview, counts). Resolves
   * true when the summary cannot tell what the message did to its counts: someone else's unread
   * message this device never held that is not the newest (new, it arrived after a later one,
   * e.g. my own ack; edited or deleted, a mention may have come or gone).
   */
  private storeMessage(
    incoming: Message,
    arrival: "new" | "update" = "new",
  ): Promise<{ message: Message; countsUncertain: boolean }> {
    // Queued at once, in arrival order: a later message stored first would make an earlier one
    // look old, and its unread would be lost.
    return this.serial(async () => {
      const [atSeq] = await this.cache.getMessages(incoming.chatId, { afterSeq: incoming.seq - 1, limit: 1 });
      const previous = atSeq?.id === incoming.id ? atSeq : undefined;
      const myId = this.host.myId();
      const message = keepMyPlay(incoming, previous, myId);
      await this.cache.putMessages([message]);
      let wasNewest = false;
      const chat = await this.writeChatNow(message.chatId, (c) => {
        wasNewest = c !== undefined && message.seq > c.lastSeq;
        return c && withMessage(c, message, myId, previous);
      });
      const mayCount = arrival === "new" || message.deletedAt !== null || message.editedAt !== null;
      const countsUncertain =
        mayCount &&
        previous === undefined &&
        !wasNewest &&
        chat !== undefined &&
        message.senderId !== myId &&
        message.seq > chat.myReadSeq;
      return { message, countsUncertain };
    });
  }

  private async onMessage(message: Message): Promise<void> {
    this.sender.settleOwn([message]);
    const { countsUncertain } = await this.storeMessage(message);
    await this.cursors.observe(message.chatId, message.changeSeq);
    this.sync.watchForGap(message.chatId, message.changeSeq);
    this.host.events.emit("message", message);
    if (message.senderId !== this.host.myId()) this.typingSentAt.delete(message.chatId);
    this.receipts.markDelivered([message], this.host.myId());
    if (countsUncertain) await this.refreshSummary(message.chatId).catch(() => {});
  }

  /** An edit, delete or reaction: cached like a new message (the higher changeSeq wins). */
  private async onMessageUpdated(incoming: Message): Promise<void> {
    if (this.hidden.has(incoming.id)) {
      await this.cursors.observe(incoming.chatId, incoming.changeSeq);
      return;
    }
    const { message, countsUncertain } = await this.storeMessage(incoming, "update");
    await this.cursors.observe(message.chatId, message.changeSeq);
    this.sync.watchForGap(message.chatId, message.changeSeq);
    this.host.events.emit("messageUpdated", message);
    if (countsUncertain) await this.refreshSummary(message.chatId).catch(() => {});
  }

  private async onMessageHidden(hide: { chatId: string; messageId: string; hideSeq: number }): Promise<void> {
    // Live hides do not move the cursor (gaps are possible); the next catch-up re-reads them harmlessly.
    const wasPreview = (await this.cache.getChat(hide.chatId))?.lastMessage?.id === hide.messageId;
    const fresh = await this.hidden.add([hide]);
    for (const h of fresh) this.host.events.emit("messageHidden", { chatId: h.chatId, messageId: h.messageId });
    if (fresh.length === 0) return;
    // Even when the cache no longer shows it as the preview: another tab of mine shares the cache
    // and may have handled this hide first, while this tab's list still shows the hidden message.
    // So this tab is told the chat as cached (the preview dropped with the message, or the next one
    // already), and asks the server for the next preview when the cache has none.
    const chat = await this.writeChat(hide.chatId, (cached) => cached && { ...cached });
    if (!chat) return;
    if (wasPreview || chat.lastMessage === null) await this.refreshSummary(hide.chatId).catch(() => {});
  }

  /**
   * The chat's summary as the server has it now, where the cache cannot work it out: the preview
   * I hid gives way to my previous visible message (the cache may not hold it), or counts after a
   * change to a message the cache never held. A message that arrived meanwhile stays the preview.
   */
  private async refreshSummary(chatId: string): Promise<void> {
    const epoch = this.settingsEpoch.get(chatId) ?? 0;
    const fromServer = await this.host.call((api) => api.chat(chatId));
    await this.writeChat(chatId, (cached) => {
      const merged = mergeChatLists([fromServer], cached ? [cached] : [])[0];
      // My settings changed while the summary was asked for (found by the state property test).
      return merged && (this.settingsEpoch.get(chatId) ?? 0) !== epoch ? keepSettingsOf(merged, cached) : merged;
    });
  }

  // ── chats ──────────────────────────────────────────────────────────────────

  /** A group's shared state changed (live, or my own admin action's answer): merged, cached, emitted. */
  async applyChatUpdate(update: ChatSummary): Promise<ChatSummary> {
    const merged = (await this.writeChat(update.id, (cached) => mergeGroupUpdate(cached, update))) ?? update;
    this.host.events.emit("chatUpdated", merged);
    return merged;
  }

  /** Someone's profile changed (me included): every cached chat showing them, then `userUpdated`. */
  async applyUser(user: PublicUser): Promise<void> {
    const chats = await this.cache.getChats();
    for (const chat of chats)
      if (withUser(chat, user) !== chat) await this.updateChat(chat.id, (c) => withUser(c, user));
    this.host.events.emit("userUpdated", user);
  }

  /** A whole chat from the server (created, joined, left) or already merged: cached and emitted. */
  async adoptChat(chat: ChatSummary): Promise<ChatSummary> {
    await this.writeChat(chat.id, () => chat);
    return chat;
  }

  /** Applies one rule to a cached chat; the UI hears of the result only if something changed. */
  updateChat(chatId: string, rule: (chat: ChatSummary) => ChatSummary): Promise<ChatSummary | undefined> {
    return this.writeChat(chatId, (cached) => cached && rule(cached));
  }

  /**
   * One chat write at a time: events arrive concurrently, and two read-apply-store runs of the
   * same chat interleaved would lose one (an unread message, a mention).
   */
  private writeChat(
    chatId: string,
    rule: (cached: ChatSummary | undefined) => ChatSummary | undefined,
  ): Promise<ChatSummary | undefined> {
    return this.serial(() => this.writeChatNow(chatId, rule));
  }

  private async writeChatNow(
    chatId: string,
    rule: (cached: ChatSummary | undefined) => ChatSummary | undefined,
  ): Promise<ChatSummary | undefined> {
    const cached = await this.cache.getChat(chatId);
    const next = rule(cached);
    if (!next) return next;
    if (next === cached) {
      // Nothing to write, but the cache is shared with my other tabs, which may have written this
      // very change first (a pointer that turns the ticks blue, a preview): this session's list
      // still needs to hear it, or its ticks stay grey until some other change.
      if (this.told.get(chatId) !== fingerprint(next)) this.tell(next);
      return next;
    }
    await this.cache.putChats([next]);
    this.tell(next);
    return next;
  }

  private tell(chat: ChatSummary): void {
    this.told.set(chat.id, fingerprint(chat));
    this.host.events.emit("chat", chat);
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.chatWrites.then(work);
    this.chatWrites = run.catch(() => undefined);
    return run;
  }
}

/** A 32-bit FNV-1a hash of the chat's JSON: what `told` keeps instead of every chat's text. */
function fingerprint(chat: ChatSummary): number {
  const text = JSON.stringify(chat);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
