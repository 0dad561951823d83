import type { Message } from "@teamchat/protocol";
import type { FastifyBaseLogger } from "fastify";
import type { Db } from "../../db/database.js";
import type { InflightWork } from "../../realtime/inflight.js";
import type { PresenceTracker } from "../presence/presence-tracker.js";
import type { PushJobQueue } from "./job-queue.js";
import { listMemberSubscriptions } from "./push.repo.js";

/**
 * Turns a stored message into one push job per subscription of every other member who has no
 * live socket (those see it in the app). Runs after the send is acknowledged, never delaying it.
 */
export class PushDispatcher {
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
    const work = this.fanOut(message).catch((err: unknown) =>
      this.deps.log.warn({ chatId: message.chatId, err: (err as Error).message }, "push fan-out failed"),
    );
    // Tracked so shutdown lets the enqueue finish before the database and queue close.
    this.deps.inflight.track(work);
  }

  private async fanOut(message: Message): Promise<void> {
    const { db, presence, queue } = this.deps;
    const subscriptions = await listMemberSubscriptions(db, message.chatId, message.senderId, message.mentions);
    const online = await presence.onlineOf([...new Set(subscriptions.map((s) => s.userId))]);
    const jobs = subscriptions
      .filter((s) => !online.has(s.userId))
      .map((s) => ({ subscriptionId: s.id, messageId: message.id }));
    await queue.enqueue(jobs);
  }
}
