import type { Attachment, ChatSummary, Message, ReplyPreview } from "@teamchat/protocol";

/** One of my messages waiting to be acknowledged, persisted so it survives a reload. */
export type OutboxEntry = {
  clientId: string;
  chatId: string;
  body: string;
  /** Files already uploaded, sent as the message's attachments (the body is their caption). */
  attachments?: Attachment[];
  createdAt: string;
  /** Monotonic insertion order: entries are sent in this order. */
  order: number;
  status: "sending" | "failed";
  error: string | null;
  /** Send attempts refused with a retryable error so far. */
  attempts: number;
  /** A reply: the quoted message as it was when I wrote it (for display; its id is sent). */
  replyTo?: ReplyPreview | null;
  /** Members mentioned in the body. */
  mentions?: string[];
  /** Set when this is a forward of that message (the server copies its body). */
  forwardOf?: { chatId: string; messageId: string };
  /** The sender removed the link preview in the composer: the server attaches none. */
  noLinkPreview?: true;
  /**
   * A voice note recorded on this device and not uploaded yet: its audio is kept in the entry
   * (IndexedDB stores Blobs), so one recorded offline survives a reload and is uploaded once
   * online. Replaced by `attachments` (the uploaded file) before the message is sent.
   */
  voice?: PendingVoice;
};

/** A recorded voice note waiting for its upload. */
export type PendingVoice = {
  audio: Blob;
  /** File name for the upload (its extension matches the recorder's container). */
  name: string;
  durationMs: number;
  /** LIMITS.voiceWaveformPeaks peaks, 0..LIMITS.voicePeakMax. */
  waveform: number[];
};

/**
 * The client's local copy of the server state, one instance per signed-in user. A memory store
 * (Node, tests) and an IndexedDB store (browser, Dexie) implement it and pass one contract
 * suite (cache-store.contract.ts). Every method is safe to call concurrently.
 */
export interface CacheStore {
  /** Upserts chats by id. */
  putChats(chats: ChatSummary[]): Promise<void>;
  /** Replaces the whole chat list (chats absent from `chats` are removed with their messages). */
  replaceChats(chats: ChatSummary[]): Promise<void>;
  /** All cached chats, newest activity first. */
  getChats(): Promise<ChatSummary[]>;
  getChat(chatId: string): Promise<ChatSummary | undefined>;

  /**
   * Upserts messages by id (an edited or deleted message replaces its older copy). A copy with a
   * lower `changeSeq` than the cached one is stale (a history page fetched before an edit
   * arrived) and is ignored; an equal `changeSeq` replaces.
   */
  putMessages(messages: Message[]): Promise<void>;
  /**
   * A page of one chat's messages in ascending seq: the newest `limit` with seq < `beforeSeq`
   * (or the newest overall), or the oldest `limit` with seq > `afterSeq`. With both, the oldest
   * `limit` strictly between them. A `limit` below 1 gives an empty page.
   */
  getMessages(chatId: string, page: { beforeSeq?: number; afterSeq?: number; limit: number }): Promise<Message[]>;
  /** The highest cached seq of a chat, or 0. */
  getMaxSeq(chatId: string): Promise<number>;
  removeMessages(chatId: string, messageIds: string[]): Promise<void>;

  /** Outbox: upsert by clientId. */
  putOutbox(entry: OutboxEntry): Promise<void>;
  /** All outbox entries in `order`. */
  getOutbox(): Promise<OutboxEntry[]>;
  removeOutbox(clientId: string): Promise<void>;

  /** Small JSON values: sync cursors, the signed-in user, settings. */
  getMeta<T>(key: string): Promise<T | undefined>;
  setMeta<T>(key: string, value: T): Promise<void>;

  /** Deletes everything (logout). The store stays usable afterwards, empty. */
  clear(): Promise<void>;
  close(): Promise<void>;
}

/** The page argument of `CacheStore.getMessages`. */
export type MessagePage = Parameters<CacheStore["getMessages"]>[1];

/**
 * Shared by every store so that they order alike. `getChats`: newest `lastActivityAt` first, ties
 * by id. Timestamps are compared as instants, not strings, because they may carry any UTC offset.
 */
export const compareChatsByActivity = (a: ChatSummary, b: ChatSummary): number =>
  Date.parse(b.lastActivityAt) - Date.parse(a.lastActivityAt) || compareStrings(a.id, b.id);

/** `getOutbox`: by `order`, ties by clientId (the order an IndexedDB index gives them). */
export const compareOutboxEntries = (a: OutboxEntry, b: OutboxEntry): number =>
  a.order - b.order || compareStrings(a.clientId, b.clientId);

/** A page size as a count: fractions round down, anything not positive asks for nothing. */
export const pageLimit = (limit: number): number => (limit > 0 ? Math.floor(limit) : 0);

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
