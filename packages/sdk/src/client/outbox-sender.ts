import { ClientEvent, type Message } from "@teamchat/protocol";
import type { CacheStore, OutboxEntry } from "../cache/cache-store.js";
import { ChatError } from "../errors.js";
import type { Outbox } from "../outbox/outbox.js";
import { type ChatSocket, request } from "../socket.js";
import { applyMessageToCachedChat } from "../sync/chat-summaries.js";
import type { ChatClientEvents } from "./client-events.js";
import type { Emitter } from "./emitter.js";

/**
 * Sends the outbox over the live socket, oldest first: one `message:send` per entry in flight,
 * each naming the previous unacknowledged message of its chat (`afterClientId`) so the server
 * never stores them out of order. An ack (or my own echo, or a catch-up) settles an entry; a
 * retryable refusal sends the whole outbox again, in order, after the server's delay.
 */
export class OutboxSender {
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly deps: {
      socket: () => ChatSocket | null;
      outbox: () => Outbox | null;
      cache: () => CacheStore | null;
      myId: () => string | undefined;
      events: Emitter<ChatClientEvents>;
      ackTimeoutMs: () => number;
    },
  ) {}

  /** A new connection (or none): nothing is in flight on it. */
  reset(): void {
    this.inFlight.clear();
  }

  transmitAll(): void {
    for (const entry of this.deps.outbox()?.sendable() ?? []) this.transmit(entry);
  }

  /** My messages seen stored (echo, ack or catch-up) leave the outbox. */
  settleOwn(messages: Message[]): void {
    const outbox = this.deps.outbox();
    const myId = this.deps.myId();
    for (const m of messages) {
      if (m.senderId === myId && m.clientId && outbox?.get(m.clientId)) void outbox.settle(m.clientId);
    }
  }

  transmit(entry: OutboxEntry): void {
    const socket = this.deps.socket();
    const outbox = this.deps.outbox();
    const cache = this.deps.cache();
    if (!socket?.connected || this.inFlight.has(entry.clientId)) return;
    // An earlier message waits for its retry: this one goes with it, after it, in order.
    const earlierWaiting = outbox?.sendable().some((e) => e.order < entry.order && !this.inFlight.has(e.clientId));
    if (earlierWaiting) return;
    this.inFlight.add(entry.clientId);
    const attachmentIds = entry.attachments?.map((a) => a.id) ?? [];
    // The previous unacknowledged message of this chat must be stored first (server-checked).
    const before = outbox
      ?.sendable()
      .filter((e) => e.chatId === entry.chatId && e.order < entry.order)
      .at(-1);
    const payload = {
      chatId: entry.chatId,
      clientId: entry.clientId,
      body: entry.body,
      ...(entry.replyTo && { replyToId: entry.replyTo.id }),
      ...(entry.mentions?.length && { mentions: entry.mentions }),
      ...(entry.forwardOf && { forwardOf: entry.forwardOf }),
      ...(attachmentIds.length > 0 && { attachmentIds }),
      ...(before && { afterClientId: before.clientId }),
    };
    request(socket, ClientEvent.messageSend, payload, this.deps.ackTimeoutMs()).then(
      async ({ message }) => {
        // Stays in flight until settled: an entry queued meanwhile must not take this one for an
        // earlier message still waiting (it would wait for a resend that never comes).
        try {
          try {
            await cache?.putMessages([message]);
            if (cache) await applyMessageToCachedChat(cache, message, this.deps.myId());
          } catch {
            // Stored on the server all the same; the cache gets it at the next catch-up. Settling
            // anyway keeps a failing cache from resending this forever.
          }
          if (await outbox?.settle(entry.clientId)) this.deps.events.emit("message", message);
        } finally {
          this.inFlight.delete(entry.clientId);
          // Whatever was held back behind this one goes now, in order.
          this.transmitAll();
        }
      },
      async (err: unknown) => {
        this.inFlight.delete(entry.clientId);
        const error = err instanceof ChatError ? err : new ChatError({ code: "INTERNAL", message: String(err) });
        if (error.retryable) {
          await outbox?.countAttempt(entry.clientId);
          // Retried on the next connect, or after the server's delay if we are still connected:
          // the whole outbox in order (later messages refused behind this one come back after it).
          setTimeout(() => {
            this.transmitAll();
          }, error.retryAfterMs ?? 2_000);
          return;
        }
        const failed = await outbox?.fail(entry.clientId, error.message);
        if (failed) this.deps.events.emit("pending", failed);
      },
    );
  }
}
