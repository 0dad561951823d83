import type { ChatSummary, Me, Message, Presence, ServerEvent, ServerPayload } from "@teamchat/protocol";
import type { ApiClient } from "../api-client.js";
import type { CacheStore, OutboxEntry } from "../cache/cache-store.js";
import type { LastSessionStore } from "./last-session.js";

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
};
