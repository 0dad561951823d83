import { ClientEvent, type Message } from "@teamchat/protocol";
import { type ChatSocket, request } from "../socket.js";

const RECEIPT_COALESCE_MS = 150;

/**
 * Delivered and read pointers, coalesced: per chat only the highest seq is sent, once, shortly
 * after. Read pointers that fail are queued again for the next connection.
 */
export class ReceiptQueue {
  private readonly delivered = new Map<string, number>();
  private readonly read = new Map<string, number>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly socket: () => ChatSocket | null) {}

  markRead(chatId: string, upToSeq: number): void {
    if ((this.read.get(chatId) ?? 0) >= upToSeq) return;
    this.read.set(chatId, upToSeq);
    this.schedule();
  }

  /** Others' messages that reached this device. */
  markDelivered(messages: Message[], myId: string | undefined): void {
    for (const m of messages) {
      if (m.senderId === myId || (this.delivered.get(m.chatId) ?? 0) >= m.seq) continue;
      this.delivered.set(m.chatId, m.seq);
    }
    this.schedule();
  }

  /**
   * The chat list told this device about every message up to `upToSeq` (it carries the newest
   * one as the preview and counts the rest as unread): they reached me, so they are delivered.
   */
  markDeliveredUpTo(chatId: string, upToSeq: number): void {
    if ((this.delivered.get(chatId) ?? 0) >= upToSeq) return;
    this.delivered.set(chatId, upToSeq);
    this.schedule();
  }

  /** Forgets what was not sent yet (signed out). */
  reset(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.delivered.clear();
    this.read.clear();
  }

  schedule(): void {
    if (this.timer || !this.socket()?.connected) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      const socket = this.socket();
      if (!socket?.connected) return;
      for (const [chatId, upToSeq] of this.delivered) {
        this.delivered.delete(chatId);
        request(socket, ClientEvent.messageDelivered, { chatId, upToSeq }).catch(() => {});
      }
      for (const [chatId, upToSeq] of this.read) {
        this.read.delete(chatId);
        request(socket, ClientEvent.messageRead, { chatId, upToSeq }).catch(() => {
          // Re-queue so the pointer is sent again after a reconnect.
          if ((this.read.get(chatId) ?? 0) < upToSeq) this.read.set(chatId, upToSeq);
        });
      }
    }, RECEIPT_COALESCE_MS);
  }
}
