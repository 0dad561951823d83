import {
  type ChatMediaPage,
  type ChatMediaQuery,
  type ChatSettings,
  type ChatSettingsBody,
  type ChatSummary,
  ClientEvent,
  type ClientPayload,
  type HistoryPage,
  type LoginBody,
  type Me,
  type MemberRole,
  type Message,
  type MessageEdits,
  type Presence,
  type RegisterBody,
  type SearchResults,
  type Session,
  type SetDisappearingBody,
  type UpdateGroupBody,
  type UpdateGroupSettingsBody,
  type UploadedFile,
} from "@teamchat/protocol";
import { ApiClient, type UploadOptions } from "../api-client.js";
import type { CacheStore, OutboxEntry } from "../cache/cache-store.js";
import { MemoryCacheStore } from "../cache/memory-store.js";
import { ChatError } from "../errors.js";
import { Outbox } from "../outbox/outbox.js";
import { type ChatSocket, createSocket, request } from "../socket.js";
import { catchUp } from "../sync/catch-up.js";
import {
  applyMessageToCachedChat,
  applyReadStateToCachedChat,
  applySettingsToCachedChat,
  mergeGroupUpdate,
} from "../sync/chat-summaries.js";
import { SyncCursors } from "../sync/cursors.js";
import { HiddenMessages } from "../sync/hidden-messages.js";
import type { ChatClientEvents, ChatClientOptions, ConnectionState } from "./client-events.js";
import { Emitter } from "./emitter.js";
import { type LastSessionStore, memoryLastSession } from "./last-session.js";
import { OutboxSender } from "./outbox-sender.js";
import { ReceiptQueue } from "./receipt-queue.js";
import { SessionKeeper } from "./session.js";
import { bindSocketEvents } from "./socket-events.js";

export type { ChatClientEvents, ChatClientOptions, ConnectionState } from "./client-events.js";

const TYPING_REPEAT_MS = 3_000;
const OFFLINE_RETRY_MS = [1_000, 2_000, 5_000, 10_000, 30_000];
/** How long a gap in a chat's live changes may stay open (reordering across nodes) before a catch-up. */
const GAP_WAIT_MS = 1_500;
/** A failed catch-up is tried again after about this long (while connected). */
const CATCH_UP_RETRY_MS = 3_000;

/**
 * The headless chat client. It composes: the session (login, refresh), a cache per user (chats,
 * messages, sync cursors, outbox), one socket with reconnection, a catch-up after every
 * (re)connection, the persistent outbox, receipts and typing. The UI subscribes with `on()`.
 */
export class ChatClient {
  readonly api: ApiClient;
  private readonly events = new Emitter<ChatClientEvents>();
  private readonly session: SessionKeeper;
  private readonly lastSession: LastSessionStore;
  private cache: CacheStore | null = null;
  private cacheOwner: string | null = null;
  private outbox: Outbox | null = null;
  private cursors: SyncCursors | null = null;
  private hidden: HiddenMessages | null = null;
  /** Sends the outbox in order over the live socket (acks, retries, settling). */
  private readonly sender = new OutboxSender({
    socket: () => this.socket,
    outbox: () => this.outbox,
    cache: () => this.cache,
    myId: () => this.me?.id,
    events: this.events,
    ackTimeoutMs: () => this.options.ackTimeoutMs ?? 10_000,
  });
  private readonly receipts = new ReceiptQueue(() => this.socket);
  private readonly typingSentAt = new Map<string, number>();
  private offlineRetry: ReturnType<typeof setTimeout> | null = null;
  private socket: ChatSocket | null = null;
  private connectionState: ConnectionState = "signed-out";
  private syncRun = 0;
  /** Per chat, the highest changeSeq seen live: above the cursor means a change was missed. */
  private readonly highestSeen = new Map<string, number>();
  private gapCheck: ReturnType<typeof setTimeout> | null = null;
  /** Chats that arrived by chat:created while a catch-up ran (its list may predate them). */
  private readonly chatsAnnouncedDuringSync = new Map<string, ChatSummary>();

  constructor(private readonly options: ChatClientOptions) {
    this.api = new ApiClient({
      baseUrl: options.serverUrl,
      getAccessToken: () => this.session.token,
      ...(options.fetch && { fetch: options.fetch }),
      ...(options.cookieJar && { cookieJar: options.cookieJar }),
    });
    this.lastSession = options.lastSession ?? memoryLastSession();
    this.session = new SessionKeeper(this.api, (me) => {
      if (me) this.lastSession.save(me);
      this.events.emit("session", me);
    });
  }

  on<K extends keyof ChatClientEvents>(event: K, listener: (payload: ChatClientEvents[K]) => void): () => void {
    return this.events.on(event, listener);
  }

  get me(): Me | null {
    return this.session.user ?? (this.cacheOwner ? this.lastSession.load() : null);
  }

  get connection(): ConnectionState {
    return this.connectionState;
  }

  get accessToken(): string | null {
    return this.session.token;
  }

  // ── session ────────────────────────────────────────────────────────────────

  /**
   * On app start: resume from the refresh cookie. Without network, opens the last user's cache
   * (state "offline") and keeps trying; null when there is no session to resume.
   */
  async restoreSession(): Promise<Me | null> {
    try {
      const session = await this.session.refresh();
      if (!session) {
        this.lastSession.save(null);
        return null;
      }
      await this.start(session);
      return session.user;
    } catch {
      const last = this.lastSession.load();
      if (!last) return null;
      await this.openUserCache(last.id);
      this.setConnection("offline");
      this.events.emit("session", last);
      this.announceOutbox();
      this.scheduleOfflineRetry(0);
      return last;
    }
  }

  async login(body: LoginBody): Promise<Me> {
    const session = await this.api.login(body);
    await this.start(session);
    return session.user;
  }

  /**
   * Single sign-on: exchanges the host app's JWT for a session once; from then on the client
   * refreshes its own session like after a password login.
   */
  async signInWithHostToken(hostToken: string): Promise<Me> {
    const session = await this.api.sso(hostToken);
    // The host app signed another person in: drop the previous one's connection first.
    if (this.session.user && this.session.user.id !== session.user.id) this.stop();
    await this.start(session);
    return session.user;
  }

  async register(body: RegisterBody): Promise<Me> {
    const session = await this.api.register(body);
    await this.start(session);
    return session.user;
  }

  /** Ends the session on the server and deletes this user's cache on the device. */
  async logout(): Promise<void> {
    await this.api.logout().catch(() => {});
    const owner = this.cacheOwner;
    await this.cache?.clear().catch(() => {});
    await this.cache?.close().catch(() => {});
    if (owner) await this.options.deleteCache?.(owner).catch(() => {});
    this.cache = null;
    this.cacheOwner = null;
    this.lastSession.save(null);
    this.stop();
  }

  /** Closes the connection and forgets the session in memory (the cache stays). */
  stop(): void {
    if (this.offlineRetry) clearTimeout(this.offlineRetry);
    this.offlineRetry = null;
    const off = (globalThis as { removeEventListener?: (e: string, l: () => void) => void }).removeEventListener;
    off?.call(globalThis, "offline", this.onDeviceOffline);
    off?.call(globalThis, "online", this.onDeviceOnline);
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = null;
    this.outbox?.reset();
    this.cursors?.reset();
    this.hidden?.reset();
    this.sender.reset();
    if (this.gapCheck) clearTimeout(this.gapCheck);
    this.gapCheck = null;
    this.highestSeen.clear();
    const wasSignedIn = this.session.user !== null || this.cacheOwner !== null;
    this.session.clear();
    this.setConnection("signed-out");
    if (wasSignedIn) this.events.emit("session", null);
  }

  /** Calls a REST method, refreshing the access token once if it expired meanwhile. */
  async call<T>(fn: (api: ApiClient) => Promise<T>): Promise<T> {
    try {
      return await fn(this.api);
    } catch (err) {
      if (!(err instanceof ChatError) || err.code !== "TOKEN_EXPIRED") throw err;
      if (!(await this.session.refresh())) throw err;
      return fn(this.api);
    }
  }

  updateMe(me: Me): void {
    this.session.updateUser(me);
  }

  // ── cached data ────────────────────────────────────────────────────────────

  async cachedChats(): Promise<ChatSummary[]> {
    return this.cache ? this.cache.getChats() : [];
  }

  /**
   * Cached messages of a chat, only the unbroken run next to where the page starts: the cache
   * also holds windows opened at older messages (jumps) and single messages that sync updated,
   * and a list must never show a gap as if nothing were missing.
   */
  async cachedMessages(chatId: string, page: { beforeSeq?: number; afterSeq?: number; limit: number }) {
    const messages = this.cache ? await this.cache.getMessages(chatId, page) : [];
    return page.afterSeq !== undefined ? contiguousFromStart(messages) : contiguousFromEnd(messages);
  }

  /**
   * A history page from the server, kept in the cache (and the chat's first sync cursor set).
   * `around`: the page centred on that seq (jump to a message). Sync cursors count changes, not
   * positions, so a page far from the newest messages keeps them correct: every later change
   * of any cached message still arrives through the change feed.
   */
  async loadHistory(
    chatId: string,
    page: { before?: number; after?: number; around?: number; limit?: number },
  ): Promise<HistoryPage> {
    const result = await this.call((api) => api.history(chatId, page));
    if (this.cache) {
      await this.cache.putMessages(result.messages);
      if (this.cursors?.get(chatId) === undefined) await this.cursors?.advance(chatId, result.changeSeq);
    }
    return result;
  }

  // ── messages ───────────────────────────────────────────────────────────────

  /**
   * Queues a message (persisted before anything else); the UI shows it with a clock. `mentions`:
   * ids of the members the body mentions; `forwardOf`: the message this forwards; `replyTo`: the
   * message it answers (its preview is kept for display while the message is pending);
   * `attachments`: files already uploaded (`uploadFile`), whose caption the body is (may be empty).
   */
  async sendMessage(
    chatId: string,
    body: string,
    extra: Pick<OutboxEntry, "mentions" | "forwardOf" | "replyTo" | "attachments"> = {},
  ): Promise<OutboxEntry> {
    const entry = await this.requireOutbox().add(chatId, body, extra);
    this.events.emit("pending", entry);
    this.sender.transmit(entry);
    return entry;
  }

  /**
   * Forwards a message to each chat: one outbox entry (own clientId) per target, so it is sent
   * exactly once per chat even across reloads and reconnections.
   */
  async forwardMessage(source: Message, targetChatIds: string[]): Promise<OutboxEntry[]> {
    const forwardOf = { chatId: source.chatId, messageId: source.id };
    const entries: OutboxEntry[] = [];
    for (const chatId of new Set(targetChatIds))
      entries.push(await this.sendMessage(chatId, source.body, { forwardOf }));
    return entries;
  }

  /** Delete for me: gone from this device now, from my other devices live or at their next sync. */
  async hideMessage(chatId: string, messageId: string): Promise<void> {
    const socket = this.socket;
    if (!socket?.connected) throw new ChatError({ code: "UNAVAILABLE", message: "Not connected to the server" });
    const hide = await request(
      socket,
      ClientEvent.messageHide,
      { chatId, messageId },
      this.options.ackTimeoutMs ?? 10_000,
    );
    await this.onMessageHidden(hide);
  }

  /** Set the chat's disappearing-messages timer (seconds; null turns it off). */
  setDisappearing(chatId: string, seconds: SetDisappearingBody["seconds"]): Promise<ChatSummary> {
    return this.groupAction((api) => api.setDisappearing(chatId, seconds));
  }

  /** The previous versions of an edited message, oldest first. */
  async messageEdits(chatId: string, messageId: string): Promise<MessageEdits["edits"]> {
    return (await this.call((api) => api.messageEdits(chatId, messageId))).edits;
  }

  /** Retries a failed message with the same clientId. */
  async retry(clientId: string): Promise<void> {
    const entry = await this.outbox?.retry(clientId);
    if (!entry) return;
    this.events.emit("pending", entry);
    this.sender.transmit(entry);
  }

  // ── files ──────────────────────────────────────────────────────────────────

  /** Uploads one file (progress and cancel through `options`); attach the result with sendMessage. */
  uploadFile(file: Blob, name: string, options: UploadOptions = {}): Promise<UploadedFile> {
    return this.call((api) => api.uploadFile(file, name, options));
  }

  /** A file's bytes or its thumbnail, fetched with my access token (for an object URL). */
  fileBlob(fileId: string, variant: "original" | "thumbnail" = "original"): Promise<Blob> {
    return this.call((api) => api.fileBlob(fileId, variant));
  }

  /** Files shared in a chat, newest first. */
  chatMedia(chatId: string, query: ChatMediaQuery = {}): Promise<ChatMediaPage> {
    return this.call((api) => api.chatMedia(chatId, query));
  }

  pendingSends(): OutboxEntry[] {
    return this.outbox?.all() ?? [];
  }

  /** Coalesced: the highest seq per chat is sent once, shortly after. */
  markRead(chatId: string, upToSeq: number): void {
    this.receipts.markRead(chatId, upToSeq);
  }

  // ── message changes (need the connection; resolve with the message as it now is) ──

  /** Replaces the body of one of my messages (within the server's edit window). */
  editMessage(chatId: string, messageId: string, body: string, mentions?: string[]): Promise<Message> {
    return this.changeMessage(ClientEvent.messageEdit, { chatId, messageId, body, ...(mentions && { mentions }) });
  }

  /** Deletes for everyone: mine within the server's window, or any message as a group admin. */
  deleteMessage(chatId: string, messageId: string): Promise<Message> {
    return this.changeMessage(ClientEvent.messageDelete, { chatId, messageId });
  }

  /** Adds my reaction (one emoji); doing it twice changes nothing. */
  react(chatId: string, messageId: string, emoji: string): Promise<Message> {
    return this.changeMessage(ClientEvent.reactionAdd, { chatId, messageId, emoji });
  }

  unreact(chatId: string, messageId: string, emoji: string): Promise<Message> {
    return this.changeMessage(ClientEvent.reactionRemove, { chatId, messageId, emoji });
  }

  /** Pins a message in its chat (groups: admins, or anyone if the group allows). */
  pinMessage(chatId: string, messageId: string): Promise<Message> {
    return this.changeMessage(ClientEvent.messagePin, { chatId, messageId });
  }

  unpinMessage(chatId: string, messageId: string): Promise<Message> {
    return this.changeMessage(ClientEvent.messageUnpin, { chatId, messageId });
  }

  /** Message search over my chats (filters such as `from:` and `in:` go inside `q`). */
  search(q: string, options: { chatId?: string; limit?: number } = {}): Promise<SearchResults> {
    return this.call((api) => api.search(q, options));
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

  /** Mute / archive / pin for me, on all my devices. */
  async updateChatSettings(chatId: string, body: ChatSettingsBody): Promise<ChatSettings> {
    const settings = await this.call((api) => api.updateChatSettings(chatId, body));
    if (this.cache) await applySettingsToCachedChat(this.cache, settings);
    return settings;
  }

  async queryPresence(userIds: string[]): Promise<Presence[]> {
    if (!this.socket?.connected || userIds.length === 0) return [];
    return (await request(this.socket, ClientEvent.presenceQuery, { userIds })).presence;
  }

  // ── group administration (REST; the change also arrives live as chat:updated) ──

  addMembers(chatId: string, userIds: string[]): Promise<ChatSummary> {
    return this.groupAction((api) => api.addMembers(chatId, userIds));
  }

  removeMember(chatId: string, userId: string): Promise<ChatSummary> {
    return this.groupAction((api) => api.removeMember(chatId, userId));
  }

  setMemberRole(chatId: string, userId: string, role: MemberRole): Promise<ChatSummary> {
    return this.groupAction((api) => api.setMemberRole(chatId, userId, role));
  }

  updateGroup(chatId: string, body: UpdateGroupBody): Promise<ChatSummary> {
    return this.groupAction((api) => api.updateGroup(chatId, body));
  }

  updateGroupSettings(chatId: string, body: UpdateGroupSettingsBody): Promise<ChatSummary> {
    return this.groupAction((api) => api.updateGroupSettings(chatId, body));
  }

  /** The group stays in my list, read-only, with the history up to my leaving. */
  async leaveChat(chatId: string): Promise<ChatSummary> {
    const chat = await this.call((api) => api.leaveChat(chatId));
    await this.cache?.putChats([chat]);
    this.events.emit("chatLeft", { chatId, reason: "left", chat });
    return chat;
  }

  private async groupAction(action: (api: ApiClient) => Promise<ChatSummary>): Promise<ChatSummary> {
    return this.applyChatUpdate(await this.call(action));
  }

  private async applyChatUpdate(update: ChatSummary): Promise<ChatSummary> {
    const merged = mergeGroupUpdate(await this.cache?.getChat(update.id), update);
    await this.cache?.putChats([merged]);
    this.events.emit("chatUpdated", merged);
    return merged;
  }

  // ── lifecycle ──────────────────────────────────────────────────────────────

  private async start(session: Session): Promise<void> {
    if (this.offlineRetry) clearTimeout(this.offlineRetry);
    this.offlineRetry = null;
    const resumedOffline = this.cacheOwner === session.user.id;
    await this.openUserCache(session.user.id);
    this.session.adopt(session);
    if (!resumedOffline) this.announceOutbox();
    this.connect();
  }

  /** Opens (or keeps) the signed-in user's cache and restores its outbox and cursors. */
  private async openUserCache(userId: string): Promise<void> {
    if (this.cacheOwner === userId && this.cache) {
      // stop() forgot the cursors in memory: a sign-in again on the same cache resumes from them.
      await this.cursors?.load((await this.cache.getChats()).map((c) => c.id));
      await this.hidden?.load();
      return;
    }
    await this.cache?.close().catch(() => {});
    this.cache = this.options.openCache?.(userId) ?? new MemoryCacheStore();
    this.cacheOwner = userId;
    this.outbox = new Outbox(this.cache);
    this.cursors = new SyncCursors(this.cache);
    this.hidden = new HiddenMessages(this.cache);
    await this.hidden.load();
    const chats = await this.cache.getChats();
    await this.cursors.load(chats.map((c) => c.id));
    await this.outbox.load();
  }

  /** Shows what a previous session left unsent (after the session event, so it reads as mine). */
  private announceOutbox(): void {
    for (const entry of this.outbox?.all() ?? []) this.events.emit("pending", entry);
  }

  private scheduleOfflineRetry(attempt: number): void {
    const delay = OFFLINE_RETRY_MS[Math.min(attempt, OFFLINE_RETRY_MS.length - 1)] ?? 30_000;
    this.offlineRetry = setTimeout(
      () => {
        this.session.refresh().then(
          (session) => (session ? this.start(session) : this.stop()),
          () => this.scheduleOfflineRetry(attempt + 1),
        );
      },
      delay * (0.5 + Math.random()),
    );
  }

  /** The browser's network signal: show "offline" at once instead of waiting for a ping timeout. */
  private readonly onDeviceOffline = () => {
    if (this.socket) this.setConnection("offline");
  };
  private readonly onDeviceOnline = () => {
    if (!this.socket) return;
    if (this.socket.connected) this.setConnection("live");
    else {
      this.setConnection("reconnecting");
      this.socket.connect();
    }
  };

  private connect(): void {
    if (this.socket) return;
    this.setConnection("connecting");
    const on = (globalThis as { addEventListener?: (e: string, l: () => void) => void }).addEventListener;
    on?.call(globalThis, "offline", this.onDeviceOffline);
    on?.call(globalThis, "online", this.onDeviceOnline);
    const socket = createSocket({ serverUrl: this.options.serverUrl, getToken: () => this.session.token });
    this.socket = socket;

    bindSocketEvents(socket, {
      onConnected: () => {
        this.sender.reset();
        this.sender.transmitAll();
        this.receipts.schedule();
        void this.runCatchUp();
      },
      onDisconnected: (state) => {
        this.sender.reset();
        if (state) this.setConnection(state);
      },
      refreshSession: async () => (await this.session.refresh()) !== null,
      stop: () => this.stop(),
      reconnect: () => this.socket?.connect(),
      onMessage: (message) => this.onMessage(message),
      onMessageUpdated: (message) => this.onMessageUpdated(message),
      onReadState: (state) => {
        if (this.cache) void applyReadStateToCachedChat(this.cache, state);
        this.events.emit("readState", state);
      },
      onChatCreated: (chat) => {
        this.chatsAnnouncedDuringSync.set(chat.id, chat);
        void this.cache?.putChats([chat]);
        this.events.emit("chatCreated", chat);
      },
      onChatSettings: (settings) => {
        if (this.cache) void applySettingsToCachedChat(this.cache, settings);
        this.events.emit("chatSettings", settings);
      },
      onChatUpdated: async (chat) => {
        await this.applyChatUpdate(chat);
      },
      onChatPins: async (payload) => {
        const cached = await this.cache?.getChat(payload.chatId);
        if (cached) await this.cache?.putChats([{ ...cached, pins: payload.pins }]);
        this.events.emit("chatPins", payload);
      },
      onMessageHidden: (hide) => this.onMessageHidden(hide),
      onChatLeft: async (payload) => {
        // Authoritative for a former member: the chat (and its feed) ends at leftAtSeq.
        await this.cache?.putChats([payload.chat]);
        this.events.emit("chatLeft", payload);
      },
      emit: (event, payload) => this.events.emit(event, payload),
    });
  }

  /** Catch-up after each connection; a newer connection supersedes an unfinished run. */
  private async runCatchUp(): Promise<void> {
    const run = ++this.syncRun;
    const cache = this.cache;
    const cursors = this.cursors;
    if (!cache || !cursors) return;
    this.setConnection("syncing");
    this.chatsAnnouncedDuringSync.clear();
    try {
      const result = await this.call((api) =>
        catchUp(api, cache, cursors, () => new Set(this.chatsAnnouncedDuringSync.keys())),
      );
      if (run !== this.syncRun) return;
      // A chat announced while the run was under way may postdate the list it read: keep it.
      const listed = new Set(result.chats.map((c) => c.id));
      const announced = [...this.chatsAnnouncedDuringSync.values()].filter((c) => !listed.has(c.id));
      for (const chat of announced) {
        // The cache copy may already hold messages that arrived since; only fill a gap.
        const cachedCopy = await cache.getChat(chat.id);
        if (!cachedCopy) await cache.putChats([chat]);
        result.chats.push(cachedCopy ?? chat);
      }
      for (const chatId of result.removedChatIds) this.events.emit("chatRemoved", chatId);
      this.events.emit("chatsSynced", result.chats);
      const hidden = (await this.hidden?.catchUp(this.api).catch(() => [])) ?? [];
      for (const h of hidden) this.events.emit("messageHidden", h);
      for (const [chatId, messages] of result.changes) {
        this.sender.settleOwn(messages);
        this.events.emit("messagesSynced", { chatId, messages });
        this.receipts.markDelivered(messages, this.me?.id);
      }
      if (this.socket?.connected) this.setConnection("live");
    } catch {
      // Live events keep flowing meanwhile; try again shortly (a busy or restarting server).
      if (run === this.syncRun && this.socket?.connected) {
        this.setConnection("live");
        setTimeout(
          () => {
            if (run === this.syncRun && this.socket?.connected) void this.runCatchUp();
          },
          CATCH_UP_RETRY_MS * (0.5 + Math.random()),
        );
      }
    }
  }

  private async onMessageHidden(hide: { chatId: string; messageId: string; hideSeq: number }): Promise<void> {
    // Live hides do not move the cursor (gaps are possible); the next catch-up re-reads them harmlessly.
    const fresh = (await this.hidden?.add([hide])) ?? [];
    for (const h of fresh) this.events.emit("messageHidden", { chatId: h.chatId, messageId: h.messageId });
  }

  private async onMessage(message: Message): Promise<void> {
    this.sender.settleOwn([message]);
    await this.cache?.putMessages([message]);
    if (this.cache) await applyMessageToCachedChat(this.cache, message, this.me?.id);
    await this.cursors?.observe(message.chatId, message.changeSeq);
    this.watchForGap(message.chatId, message.changeSeq);
    this.events.emit("message", message);
    if (message.senderId !== this.me?.id) this.typingSentAt.delete(message.chatId);
    this.receipts.markDelivered([message], this.me?.id);
  }

  /** An edit, delete or reaction: cached like a new message (the higher changeSeq wins). */
  private async onMessageUpdated(message: Message): Promise<void> {
    if (this.hidden?.has(message.id)) {
      await this.cursors?.observe(message.chatId, message.changeSeq);
      return;
    }
    await this.cache?.putMessages([message]);
    if (this.cache) await applyMessageToCachedChat(this.cache, message, this.me?.id);
    await this.cursors?.observe(message.chatId, message.changeSeq);
    this.watchForGap(message.chatId, message.changeSeq);
    this.events.emit("messageUpdated", message);
  }

  private async changeMessage<
    E extends
      | typeof ClientEvent.messageEdit
      | typeof ClientEvent.messageDelete
      | typeof ClientEvent.reactionAdd
      | typeof ClientEvent.reactionRemove
      | typeof ClientEvent.messagePin
      | typeof ClientEvent.messageUnpin,
  >(event: E, payload: ClientPayload<E>): Promise<Message> {
    const socket = this.socket;
    if (!socket?.connected) throw new ChatError({ code: "UNAVAILABLE", message: "Not connected to the server" });
    const { message } = await request(socket, event, payload, this.options.ackTimeoutMs ?? 10_000);
    await this.onMessageUpdated(message);
    return message;
  }

  /**
   * A live change beyond the cursor means one before it has not arrived (yet: events from
   * different nodes may cross). If the gap is still open after GAP_WAIT_MS (a fan-out was lost,
   * e.g. a node died between storing a message and publishing it), catch up as after a reconnect.
   */
  private watchForGap(chatId: string, changeSeq: number): void {
    const cursor = this.cursors?.get(chatId);
    if (cursor === undefined || changeSeq <= cursor) return;
    this.highestSeen.set(chatId, Math.max(changeSeq, this.highestSeen.get(chatId) ?? 0));
    if (this.gapCheck) return;
    this.gapCheck = setTimeout(() => {
      this.gapCheck = null;
      const open = [...this.highestSeen].some(([id, seen]) => seen > (this.cursors?.get(id) ?? seen));
      this.highestSeen.clear();
      if (open && this.socket?.connected) void this.runCatchUp();
    }, GAP_WAIT_MS);
  }

  private requireOutbox(): Outbox {
    if (!this.outbox) throw new ChatError({ code: "UNAUTHENTICATED", message: "Sign in first" });
    return this.outbox;
  }

  private fireAndForget(event: typeof ClientEvent.typingStart | typeof ClientEvent.typingStop, chatId: string): void {
    if (this.socket?.connected) request(this.socket, event, { chatId }).catch(() => {});
  }

  private setConnection(state: ConnectionState): void {
    if (state === this.connectionState) return;
    this.connectionState = state;
    this.events.emit("connection", state);
  }
}

/** The messages from the newest one back to the first gap in seq. */
export function contiguousFromEnd(messages: Message[]): Message[] {
  let start = messages.length - 1;
  while (start > 0 && (messages[start - 1]?.seq ?? 0) === (messages[start]?.seq ?? 0) - 1) start--;
  return messages.slice(Math.max(0, start));
}

/** The messages from the oldest one up to the first gap in seq. */
export function contiguousFromStart(messages: Message[]): Message[] {
  let end = 1;
  while (end < messages.length && (messages[end]?.seq ?? 0) === (messages[end - 1]?.seq ?? 0) + 1) end++;
  return messages.slice(0, Math.min(end, messages.length));
}
