import {
  ClientEvent,
  type LinkPreview,
  type Message,
  type MessageEdits,
  type Presence,
  type SearchResults,
} from "@teamchat/protocol";
import type { OutboxEntry, PendingVoice } from "../cache/cache-store.js";
import type { SessionAccess } from "./sign-in.js";

type SendExtras = Pick<OutboxEntry, "mentions" | "forwardOf" | "replyTo" | "attachments" | "noLinkPreview">;

/**
 * Sending and changing messages, receipts, typing, presence and search (`client.messages`; the
 * facade's methods of the same names call these). Everything that touches client state goes
 * through the signed-in user's `ChatSession`.
 */
export class MessageActions {
  constructor(private readonly access: SessionAccess) {}

  /**
   * Queues a message (persisted before anything else); the UI shows it with a clock. `mentions`:
   * ids of the members the body mentions; `forwardOf`: the message this forwards; `replyTo`: the
   * message it answers; `attachments`: files already uploaded (`uploadFile`), captioned by the body;
   * `noLinkPreview`: the sender removed the link preview the composer showed (`linkPreview`).
   */
  async sendMessage(chatId: string, body: string, extra: SendExtras = {}): Promise<OutboxEntry> {
    return this.access.require().send(chatId, body, extra);
  }

  /**
   * Queues a voice note with its audio: persisted in the outbox first (so one recorded offline
   * is kept), uploaded when the connection is up, then sent once as a message with that file.
   * `durationMs` and `waveform` (LIMITS.voiceWaveformPeaks peaks, 0..255) are checked by the server.
   */
  async sendVoice(chatId: string, voice: PendingVoice, extra: Pick<SendExtras, "replyTo"> = {}): Promise<OutboxEntry> {
    return this.access.require().send(chatId, "", { ...extra, voice });
  }

  /** I played someone else's voice note: its sender sees it as played if I share read receipts. */
  async markPlayed(chatId: string, messageId: string): Promise<Message> {
    return this.access.require().changeMessage(ClientEvent.messagePlayed, { chatId, messageId });
  }

  /**
   * The preview the server would attach to a message with this link (null: none). Its image is a
   * file id: load it with fileBlob, never from the site.
   */
  async linkPreview(url: string): Promise<LinkPreview | null> {
    return (await this.access.call((api) => api.linkPreview(url))).preview;
  }

  /** Forwards a message to each chat: one outbox entry (own clientId) per target chat. */
  async forwardMessage(source: Message, targetChatIds: string[]): Promise<OutboxEntry[]> {
    const forwardOf = { chatId: source.chatId, messageId: source.id };
    const entries: OutboxEntry[] = [];
    for (const chatId of new Set(targetChatIds))
      entries.push(await this.sendMessage(chatId, source.body, { forwardOf }));
    return entries;
  }

  /** Retries a failed message with the same clientId. */
  async retry(clientId: string): Promise<void> {
    await this.access.session?.retry(clientId);
  }

  pendingSends(): OutboxEntry[] {
    return this.access.session?.outbox.all() ?? [];
  }

  /** Delete for me: gone from this device now, from my other devices live or at their next sync. */
  async hideMessage(chatId: string, messageId: string): Promise<void> {
    return this.access.require().hideMessage(chatId, messageId);
  }

  /** Replaces the body of one of my messages (within the server's edit window). */
  async editMessage(chatId: string, messageId: string, body: string, mentions?: string[]): Promise<Message> {
    const payload = { chatId, messageId, body, ...(mentions && { mentions }) };
    return this.access.require().changeMessage(ClientEvent.messageEdit, payload);
  }

  /** Deletes for everyone: mine within the server's window, or any message as a group admin. */
  async deleteMessage(chatId: string, messageId: string): Promise<Message> {
    return this.access.require().changeMessage(ClientEvent.messageDelete, { chatId, messageId });
  }

  /** Adds my reaction (one emoji); doing it twice changes nothing. */
  async react(chatId: string, messageId: string, emoji: string): Promise<Message> {
    return this.access.require().changeMessage(ClientEvent.reactionAdd, { chatId, messageId, emoji });
  }

  async unreact(chatId: string, messageId: string, emoji: string): Promise<Message> {
    return this.access.require().changeMessage(ClientEvent.reactionRemove, { chatId, messageId, emoji });
  }

  /** Pins a message in its chat (groups: admins, or anyone if the group allows). */
  async pinMessage(chatId: string, messageId: string): Promise<Message> {
    return this.access.require().changeMessage(ClientEvent.messagePin, { chatId, messageId });
  }

  async unpinMessage(chatId: string, messageId: string): Promise<Message> {
    return this.access.require().changeMessage(ClientEvent.messageUnpin, { chatId, messageId });
  }

  /** The previous versions of an edited message, oldest first. */
  async messageEdits(chatId: string, messageId: string): Promise<MessageEdits["edits"]> {
    return (await this.access.call((api) => api.messageEdits(chatId, messageId))).edits;
  }

  /** Coalesced: the highest seq per chat is sent once, shortly after. */
  markRead(chatId: string, upToSeq: number): void {
    this.access.session?.receipts.markRead(chatId, upToSeq);
  }

  startTyping(chatId: string): void {
    this.access.session?.startTyping(chatId);
  }

  stopTyping(chatId: string): void {
    this.access.session?.stopTyping(chatId);
  }

  async queryPresence(userIds: string[]): Promise<Presence[]> {
    return this.access.session ? this.access.session.queryPresence(userIds) : [];
  }

  /** Message search over my chats (filters such as `from:` and `in:` go inside `q`). */
  search(q: string, options: { chatId?: string; limit?: number; cursor?: string } = {}): Promise<SearchResults> {
    return this.access.call((api) => api.search(q, options));
  }
}
