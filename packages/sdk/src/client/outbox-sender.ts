import { type Attachment, ClientEvent, type Message } from "@teamchat/protocol";
import type { VoiceMeta } from "../api-client.js";
import type { OutboxEntry } from "../cache/cache-store.js";
import { ChatError } from "../errors.js";
import type { Outbox } from "../outbox/outbox.js";
import { type ChatSocket, request } from "../socket.js";
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
  /** Voice notes whose audio is being uploaded (also in flight): later entries wait behind them. */
  private readonly uploading = new Set<string>();

  constructor(
    private readonly deps: {
      socket: () => ChatSocket | null;
      outbox: () => Outbox | null;
      /** Stores an acknowledged message (cache and its chat summary). */
      store: (message: Message) => Promise<void>;
      myId: () => string | undefined;
      events: Emitter<ChatClientEvents>;
      ackTimeoutMs: () => number;
      /** Uploads a voice note's audio (the files route, with its duration and waveform). */
      upload: (audio: Blob, name: string, voice: VoiceMeta) => Promise<Attachment>;
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
    if (!socket?.connected || this.inFlight.has(entry.clientId)) return;
    // An earlier message waits for its retry: this one goes with it, after it, in order.
    const earlierWaiting = outbox
      ?.sendable()
      .some((e) => e.order < entry.order && (!this.inFlight.has(e.clientId) || this.uploading.has(e.clientId)));
    if (earlierWaiting) return;
    this.inFlight.add(entry.clientId);
    if (entry.voice) {
      this.uploadVoice(entry);
      return;
    }
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
      ...(entry.noLinkPreview && { linkPreview: false }),
      ...(before && { afterClientId: before.clientId }),
    };
    request(socket, ClientEvent.messageSend, payload, this.deps.ackTimeoutMs()).then(
      async ({ message }) => {
        // Stays in flight until settled: an entry queued meanwhile must not take this one for an
        // earlier message still waiting (it would wait for a resend that never comes).
        try {
          try {
            await this.deps.store(message);
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

  /**
   * A voice note goes in two steps: its audio is uploaded, the entry then carries the file and
   * is sent like any message with attachments. A retryable upload failure (offline, server
   * away) is tried again like a send; a refused upload fails the entry. An upload whose answer
   * was lost is simply done again: the first file is never attached and the sweep removes it,
   * while the message itself is still sent once (its clientId).
   */
  private uploadVoice(entry: OutboxEntry): void {
    const voice = entry.voice;
    if (!voice) return;
    const outbox = this.deps.outbox();
    this.uploading.add(entry.clientId);
    const meta = { durationMs: voice.durationMs, waveform: voice.waveform };
    this.deps.upload(voice.audio, voice.name, meta).then(
      async (attachment) => {
        const updated = await outbox?.uploaded(entry.clientId, attachment);
        this.uploading.delete(entry.clientId);
        this.inFlight.delete(entry.clientId);
        if (updated) this.deps.events.emit("pending", updated);
        this.transmitAll();
      },
      async (err: unknown) => {
        this.uploading.delete(entry.clientId);
        this.inFlight.delete(entry.clientId);
        const error = err instanceof ChatError ? err : null;
        // Network errors (no ChatError) are retryable: the device is probably offline.
        if (!error || error.retryable) {
          await outbox?.countAttempt(entry.clientId);
          setTimeout(() => {
            this.transmitAll();
          }, error?.retryAfterMs ?? 2_000);
          return;
        }
        const failed = await outbox?.fail(entry.clientId, error.message);
        if (failed) this.deps.events.emit("pending", failed);
        this.transmitAll();
      },
    );
  }
}
