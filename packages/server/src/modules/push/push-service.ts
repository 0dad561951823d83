import type { Message } from "@teamchat/protocol";
import type { AppContext } from "../../context.js";
import { InProcessPushQueue } from "./in-process-queue.js";
import type { PushJobQueue } from "./job-queue.js";
import { PushDispatcher } from "./push-dispatcher.js";
import { pushJobHandler } from "./push-job.js";
import { resolveVapidKeys } from "./vapid-keys.js";

/** What the rest of the server sees of Web Push (AppContext.push). */
export type PushService = {
  readonly vapidPublicKey: string;
  readonly queueKind: PushJobQueue["kind"];
  /** Called once per newly stored message; returns at once, the work runs in the background. */
  messageStored(message: Message): void;
  queueDepth(): Promise<number>;
  close(): Promise<void>;
};

/** VAPID keys, the job queue (BullMQ with REDIS_URL, in-process otherwise) and its worker. */
export async function startPush(ctx: AppContext): Promise<PushService> {
  const vapid = await resolveVapidKeys(ctx.config);
  if (vapid.source === "generated") {
    ctx.log.info("generated VAPID keys into the data directory");
    if (ctx.config.databaseUrl) {
      ctx.log.warn("VAPID keys generated per node: set VAPID_PUBLIC_KEY/VAPID_PRIVATE_KEY when running several nodes");
    }
  }
  const handle = pushJobHandler({ db: ctx.db, vapid, log: ctx.log });
  // BullMQ (~25 MB of RSS) is loaded only with Redis.
  const queue: PushJobQueue = ctx.config.redisUrl
    ? await (await import("./bullmq-queue.js")).BullmqPushQueue.start({
        redisUrl: ctx.config.redisUrl,
        queueName: ctx.config.pushQueueName,
        handle,
        log: ctx.log,
      })
    : new InProcessPushQueue(handle, ctx.log);
  const dispatcher = new PushDispatcher({
    db: ctx.db,
    presence: ctx.presence,
    queue,
    inflight: ctx.inflight,
    log: ctx.log,
  });
  return {
    vapidPublicKey: vapid.publicKey,
    queueKind: queue.kind,
    messageStored: (message) => dispatcher.messageStored(message),
    queueDepth: () => queue.depth(),
    close: async () => {
      await dispatcher.flush();
      await queue.close();
    },
  };
}
