import type { Message } from "@teamchat/protocol";
import type { FastifyBaseLogger } from "fastify";
import type { Db } from "../../db/database.js";
import type { InflightWork } from "../../realtime/inflight.js";
import type { PresenceTracker } from "../presence/presence-tracker.js";
import type { PushJobQueue } from "./job-queue.js";
import { listChatSubscriptions } from "./push.repo.js";

/** Messages stored within this long share one subscriptions query (a notification may wait this much). */
const BATCH_MS = 100;
const BATCH_MAX = 500;

type Batch = { messages: Message[]; timer: NodeJS.Timeout; settle: (work: Promise<void>) => void };

/**
 * Turns stored messages into one push job per subscription of every other member who has no
 * live socket (those see it in the app). Runs after the send is acknowledged, never delaying it,
 * and per batch of messages, not per message: one query for the batch's chats instead of one
 * statement per message next to the insert (docs/benchmarks.md).
 */
export class PushDispatcher {
  private batch: Batch | null = null;

  constructor(
    private readonly deps: {
      db: Db;
      presence: PresenceTracker;
      queue: PushJobQueue;
      inflight: InflightWork;
      log: FastifyBaseLogger;
    },
  ) {}

  messageStored(message: Message): void {
    if (message.kind !== "text") return;
    if (!this.batch) {
      let settle: Batch["settle"] = () => {};
      // Tracked so shutdown's drain waits for the batch's enqueue before the database and queue close.
      this.deps.inflight.track(new Promise<void>((resolve) => (settle = (work) => void work.then(resolve, resolve))));
      this.batch = { messages: [], timer: setTimeout(() => void this.flush(), BATCH_MS), settle };
    }
    this.batch.messages.push(message);
    if (this.batch.messages.length >= BATCH_MAX) void this.flush();
  }

  /** Fans out what is waiting now (the timer's job; also called on close). */
  flush(): Promise<void> {
    const batch = this.batch;
    if (!batch) return Promise.resolve();
    this.batch = null;
    clearTimeout(batch.timer);
    const work = this.fanOut(batch.messages).catch((err: unknown) =>
      this.deps.log.warn({ messages: batch.messages.length, err: (err as Error).message }, "push fan-out failed"),
    );
    batch.settle(work);
    return work;
  }

  private async fanOut(messages: Message[]): Promise<void> {
    const { db, presence, queue } = this.deps;
    const subscriptions = await listChatSubscriptions(db, [...new Set(messages.map((m) => m.chatId))]);
    const byChat = new Map<string, typeof subscriptions>();
    for (const s of subscriptions) byChat.set(s.chatId, [...(byChat.get(s.chatId) ?? []), s]);
    const now = Date.now();
    const wanted = messages.flatMap((message) =>
      (byChat.get(message.chatId) ?? [])
        .filter(
          (s) =>
            s.userId !== message.senderId &&
            // A muted chat does not notify (until the mute runs out), except a mention of that member.
            (s.mutedUntil === null || s.mutedUntil.getTime() <= now || (message.mentions ?? []).includes(s.userId)),
        )
        .map((s) => ({ subscription: s, message })),
    );
    if (wanted.length === 0) return;
    const online = await presence.onlineOf([...new Set(wanted.map((w) => w.subscription.userId))]);
    await queue.enqueue(
      wanted
        .filter((w) => !online.has(w.subscription.userId))
        .map((w) => ({ subscriptionId: w.subscription.id, messageId: w.message.id })),
    );
  }
}
