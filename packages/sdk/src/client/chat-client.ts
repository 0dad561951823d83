import type { ChatSummary, LoginBody, Me, RegisterBody } from "@teamchat/protocol";
import type { ApiClient } from "../api-client.js";
import { Profile } from "../profile/profile.js";
import type { ChatSocket } from "../socket.js";
import { ChatActions } from "./chat-actions.js";
import type { ChatClientEvents, ChatClientOptions, ConnectionState } from "./client-events.js";
import { Emitter } from "./emitter.js";
import { FileActions } from "./file-actions.js";
import { MessageActions } from "./message-actions.js";
import type { SessionEndReason } from "./session.js";
import { SignIn } from "./sign-in.js";
import { type ExtrasHost, MessageInfoWatch, StarredMessages } from "./starred-messages.js";
import type { Timeline } from "./timeline.js";

export type { ChatClientEvents, ChatClientOptions, ConnectionState } from "./client-events.js";

type Messages = MessageActions;
type Chats = ChatActions;
type Files = FileActions;

/**
 * The headless chat client: a thin facade. The sign-in and its lifecycle (`sign-in.ts`) outlive
 * users; everything one signed-in user's state is made of (cache, outbox, cursors, socket, sync,
 * receipts, timeline) is their `ChatSession`, created at sign-in and dropped at sign-out. The
 * features are small groups: `messages`, `chats`, `files`, `starred`, `profile`; the flat
 * methods below (`sendMessage`, `addMembers`, …) call them and are documented there. The UI
 * subscribes with `on()`.
 */
export class ChatClient {
  private readonly events = new Emitter<ChatClientEvents>();
  private readonly signIn: SignIn;
  /** Sending and changing messages, receipts, typing, presence, search (message-actions.ts). */
  readonly messages: MessageActions;
  /** My chat settings, creating and joining chats, group administration (chat-actions.ts). */
  readonly chats: ChatActions;
  /** Uploads, downloads and a chat's shared media (file-actions.ts). */
  readonly files: FileActions;
  /** My starred messages, synced across my devices. */
  readonly starred: StarredMessages;
  /** My profile, privacy and blocks (profile/profile.ts); others' profile changes go through the session. */
  readonly profile: Profile;
  private readonly messageInfoWatch: MessageInfoWatch;

  constructor(options: ChatClientOptions) {
    this.signIn = new SignIn(options, this.events);
    this.messages = new MessageActions(this.signIn);
    this.chats = new ChatActions(this.signIn);
    this.files = new FileActions(this.signIn);
    const extrasHost: ExtrasHost = {
      call: (fn) => this.call(fn),
      on: (event, listener) => this.on(event, listener),
      emit: (event, payload) => this.events.emit(event, payload),
    };
    this.starred = new StarredMessages(extrasHost);
    this.messageInfoWatch = new MessageInfoWatch(extrasHost);
    this.profile = new Profile({
      ...extrasHost,
      me: () => this.me,
      updateMe: (me) => this.updateMe(me),
      applyUser: async (user) => {
        const session = this.signIn.session;
        return session ? session.applyUser(user) : this.events.emit("userUpdated", user);
      },
    });
  }

  on<K extends keyof ChatClientEvents>(event: K, listener: (payload: ChatClientEvents[K]) => void): () => void {
    return this.events.on(event, listener);
  }

  /** The typed REST client (prefer `call`, which refreshes an expired access token once). */
  get api(): ApiClient {
    return this.signIn.api;
  }

  get me(): Me | null {
    return this.signIn.me;
  }

  get connection(): ConnectionState {
    return this.signIn.connection;
  }

  get accessToken(): string | null {
    return this.signIn.accessToken;
  }

  /** Why the last session ended by itself (e.g. "ACCOUNT_DISABLED"); null after a sign-out. */
  get sessionEndReason(): SessionEndReason | null {
    return this.signIn.endReason;
  }

  /** @internal The live socket, for tests and tools that cut it (the UI never needs it). */
  get socket(): ChatSocket | null {
    return this.signIn.session?.socket ?? null;
  }

  // ── sign-in ────────────────────────────────────────────────────────────────

  /**
   * On app start: resume from the refresh cookie. Without network, opens the last user's cache
   * (state "offline") and keeps trying; null when there is no session to resume.
   * `requireHint`: only ask the server when this device was signed in last time (the
   * last-session record): a first visit then costs no request that is bound to fail (a 401).
   */
  restoreSession(options: { requireHint?: boolean } = {}): Promise<Me | null> {
    return this.signIn.restoreSession(options);
  }

  login(body: LoginBody): Promise<Me> {
    return this.signIn.login(body);
  }

  /** Single sign-on: exchanges the host app's JWT for a session once, then refreshes its own. */
  signInWithHostToken(hostToken: string): Promise<Me> {
    return this.signIn.signInWithHostToken(hostToken);
  }

  register(body: RegisterBody): Promise<Me> {
    return this.signIn.register(body);
  }

  /** Ends the session on the server and deletes this user's cache on the device. */
  logout(): Promise<void> {
    return this.signIn.logout();
  }

  /** Closes the connection and forgets the session in memory (the cache stays). */
  stop(): void {
    this.signIn.stop();
  }

  /** Calls a REST method, refreshing the access token once if it expired meanwhile. */
  call<T>(fn: (api: ApiClient) => Promise<T>): Promise<T> {
    return this.signIn.call(fn);
  }

  updateMe(me: Me): void {
    this.signIn.updateMe(me);
  }

  // ── cached data and history ────────────────────────────────────────────────

  async cachedChats(): Promise<ChatSummary[]> {
    return this.signIn.session ? this.signIn.session.cache.getChats() : [];
  }

  /**
   * Cached messages of a chat, only the unbroken run next to where the page starts: the cache
   * also holds windows opened at older messages (jumps) and single messages that sync updated,
   * and a list must never show a gap as if nothing were missing.
   */
  async cachedMessages(chatId: string, page: { beforeSeq?: number; afterSeq?: number; limit: number }) {
    const timeline = this.signIn.session?.timeline;
    if (!timeline) return [];
    return page.afterSeq !== undefined
      ? timeline.cachedAfter(chatId, page.afterSeq, page.limit)
      : timeline.cachedBefore(chatId, page.beforeSeq, page.limit);
  }

  /** History paging: open at the first unread, older / newer pages (cache first), jump, newest. */
  get timeline(): Timeline {
    return this.signIn.require().timeline;
  }

  /**
   * A history page from the server, kept in the cache (and the chat's first sync cursor set).
   * `around`: the page centred on that seq (jump to a message). Sync cursors count changes, not
   * positions, so a page far from the newest messages keeps them correct.
   */
  loadHistory(chatId: string, page: { before?: number; after?: number; around?: number; limit?: number }) {
    const session = this.signIn.session;
    return session ? session.loadHistory(chatId, page) : this.call((api) => api.history(chatId, page));
  }

  // ── messages (message-actions.ts) ──────────────────────────────────────────
  sendMessage: Messages["sendMessage"] = (...a) => this.messages.sendMessage(...a);
  sendVoice: Messages["sendVoice"] = (...a) => this.messages.sendVoice(...a);
  markPlayed: Messages["markPlayed"] = (...a) => this.messages.markPlayed(...a);
  linkPreview: Messages["linkPreview"] = (...a) => this.messages.linkPreview(...a);
  forwardMessage: Messages["forwardMessage"] = (...a) => this.messages.forwardMessage(...a);
  retry: Messages["retry"] = (...a) => this.messages.retry(...a);
  pendingSends: Messages["pendingSends"] = () => this.messages.pendingSends();
  hideMessage: Messages["hideMessage"] = (...a) => this.messages.hideMessage(...a);
  editMessage: Messages["editMessage"] = (...a) => this.messages.editMessage(...a);
  deleteMessage: Messages["deleteMessage"] = (...a) => this.messages.deleteMessage(...a);
  react: Messages["react"] = (...a) => this.messages.react(...a);
  unreact: Messages["unreact"] = (...a) => this.messages.unreact(...a);
  pinMessage: Messages["pinMessage"] = (...a) => this.messages.pinMessage(...a);
  unpinMessage: Messages["unpinMessage"] = (...a) => this.messages.unpinMessage(...a);
  messageEdits: Messages["messageEdits"] = (...a) => this.messages.messageEdits(...a);
  markRead: Messages["markRead"] = (...a) => this.messages.markRead(...a);
  startTyping: Messages["startTyping"] = (...a) => this.messages.startTyping(...a);
  stopTyping: Messages["stopTyping"] = (...a) => this.messages.stopTyping(...a);
  queryPresence: Messages["queryPresence"] = (...a) => this.messages.queryPresence(...a);
  search: Messages["search"] = (...a) => this.messages.search(...a);

  // ── files (file-actions.ts), stars and message info (starred-messages.ts) ──
  uploadFile: Files["uploadFile"] = (...a) => this.files.uploadFile(...a);
  fileBlob: Files["fileBlob"] = (...a) => this.files.fileBlob(...a);
  chatMedia: Files["chatMedia"] = (...a) => this.files.chatMedia(...a);
  starMessage = (chatId: string, messageId: string) => this.starred.star(chatId, messageId);
  unstarMessage = (chatId: string, messageId: string) => this.starred.unstar(chatId, messageId);
  starredMessages = () => this.starred.reload();
  /** Message info of one of my messages, emitted as `messageInfo` again whenever it changes. */
  watchMessageInfo = (chatId: string, messageId: string) => this.messageInfoWatch.watch(chatId, messageId);
  unwatchMessageInfo = () => this.messageInfoWatch.unwatch();

  // ── chats: my settings, group administration (chat-actions.ts) ─────────────
  updateChatSettings: Chats["updateChatSettings"] = (...a) => this.chats.updateChatSettings(...a);
  setDisappearing: Chats["setDisappearing"] = (...a) => this.chats.setDisappearing(...a);
  addMembers: Chats["addMembers"] = (...a) => this.chats.addMembers(...a);
  removeMember: Chats["removeMember"] = (...a) => this.chats.removeMember(...a);
  setMemberRole: Chats["setMemberRole"] = (...a) => this.chats.setMemberRole(...a);
  updateGroup: Chats["updateGroup"] = (...a) => this.chats.updateGroup(...a);
  updateGroupSettings: Chats["updateGroupSettings"] = (...a) => this.chats.updateGroupSettings(...a);
  leaveChat: Chats["leaveChat"] = (...a) => this.chats.leaveChat(...a);
  createDirectChat: Chats["createDirectChat"] = (...a) => this.chats.createDirectChat(...a);
  createGroupChat: Chats["createGroupChat"] = (...a) => this.chats.createGroupChat(...a);
  createChannel: Chats["createChannel"] = (...a) => this.chats.createChannel(...a);
  joinChannel: Chats["joinChannel"] = (...a) => this.chats.joinChannel(...a);
}
