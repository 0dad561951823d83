import type {
  ChatSummary,
  Me,
  Message,
  MessageInfo,
  Presence,
  PublicUser,
  ServerEvent,
  ServerPayload,
  StarredMessage,
  StarState,
} from "@teamchat/protocol";
import type { ApiClient } from "../api-client.js";
import type { CacheStore, OutboxEntry } from "../cache/cache-store.js";
import type { LastSessionStore } from "./last-session.js";
import type { HostTokenSource } from "./session.js";

/** What the UI shows about the link to the server. */
export type ConnectionState =
  /** No session: nothing to connect. */
  | "signed-out"
  /** First connection attempt after sign-in. */
  | "connecting"
  /** Connected; catching up on what changed while away. Live events already flow. */
  | "syncing"
  /** Connected and caught up. */
  | "live"
  /** Lost the connection; retrying with exponential backoff and jitter. */
  | "reconnecting"
  /** The device has no network (or the server cannot be reached at start); cached data only. */
  | "offline";

export type ChatClientEvents = {
  connection: ConnectionState;
  session: Me | null;
  /** A stored message: someone else's, mine from another device, or mine just acknowledged. */
  message: Message;
  /**
   * A message was edited, deleted for everyone or reacted to: its whole new copy. Mine may come
   * twice (ack and echo): of two copies, keep the one with the higher changeSeq.
   */
  messageUpdated: Message;
  /** Messages that changed while we were away (catch-up), per chat, in change order. */
  messagesSynced: { chatId: string; messages: Message[] };
  /**
   * One chat as it now is, every rule applied (a message, read state, settings, pins, pointers,
   * group change, hide): replace your copy with it. Never merge on your side.
   */
  chat: ChatSummary;
  /** The full chat list after a catch-up (authoritative pointers and unread counts). */
  chatsSynced: ChatSummary[];
  /** The chat is gone for me (not even readable): drop it. */
  chatRemoved: string;
  /** A group's name, description, avatar, settings, members or my role changed: the merged chat. */
  chatUpdated: ChatSummary;
  /** I left or was removed from a group: it stays, read-only (`chat.leftAtSeq` set). */
  chatLeft: ServerPayload<typeof ServerEvent.chatRemoved>;
  /** One of my unacknowledged messages appeared or changed status. */
  pending: OutboxEntry;
  /** A member's delivered pointer moved (the server's per-chat batches arrive one pointer at a time). */
  delivered: ServerPayload<typeof ServerEvent.messageRead>;
  read: ServerPayload<typeof ServerEvent.messageRead>;
  readState: ServerPayload<typeof ServerEvent.chatReadState>;
  typingStart: ServerPayload<typeof ServerEvent.typingStart>;
  typingStop: ServerPayload<typeof ServerEvent.typingStop>;
  presence: Presence;
  chatCreated: ServerPayload<typeof ServerEvent.chatCreated>;
  /** My mute / archive / pin of a chat changed (on this or another of my devices). */
  chatSettings: ServerPayload<typeof ServerEvent.chatSettings>;
  /** A chat's pinned messages changed (newest pin first). */
  chatPins: ServerPayload<typeof ServerEvent.chatPins>;
  /** I deleted a message for myself (on this or another device): drop it. */
  messageHidden: { chatId: string; messageId: string };
  /** Someone's name, status or photo changed (the chats showing them also come as chatUpdated). */
  userUpdated: PublicUser;
  /** The people I blocked, after loading, blocking or unblocking (sorted by name). */
  blockedUsers: PublicUser[];
  /**
   * The server refused this client's protocol version (CLIENT_OUTDATED): it will not connect
   * until the app is updated. Show the message (a web app: offer to reload).
   */
  clientOutdated: { message: string };
  /** I starred or unstarred a message on another device (`starred` follows with the new list). */
  starChanged: StarState;
  /** My starred messages, newest star first: the whole list after every change. */
  starred: StarredMessage[];
  /** The message info being watched (`watchMessageInfo`), again after every pointer move. */
  messageInfo: MessageInfo;
};

export type ChatClientOptions = {
  /** Origin of the chat server, e.g. "https://chat.example.com" or location.origin. */
  serverUrl: string;
  fetch?: typeof fetch;
  cookieJar?: ConstructorParameters<typeof ApiClient>[0]["cookieJar"];
  /** Opens the local cache of one user (IndexedDB in browsers); memory by default. */
  openCache?: (userId: string) => CacheStore;
  /** Deletes a user's cache entirely (logout). */
  deleteCache?: (userId: string) => Promise<void>;
  lastSession?: LastSessionStore;
  /** Milliseconds before an unanswered send is retried. */
  ackTimeoutMs?: number;
  /**
   * Embedded single sign-on: a fresh host token, asked when our own session cannot be refreshed
   * (cross-site there is no refresh cookie). Without it, such a session simply ends.
   */
  hostToken?: HostTokenSource;
  /**
   * Keep every chat's messages in the cache from the moment it is first listed, not only the
   * chats whose history was opened: each catch-up then fetches what arrived in any chat while
   * away. For bots on a persistent store (`@teamchat/sdk/node`): restarted on the same cache,
   * they get exactly what they missed as `messagesSynced`. Apps leave it off (a chat's messages
   * are fetched when it is opened).
   */
  followAllChats?: boolean;
};
