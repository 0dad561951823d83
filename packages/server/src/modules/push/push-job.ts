import type { FastifyBaseLogger } from "fastify";
import type { Db } from "../../db/database.js";
import type { PushJobHandler } from "./job-queue.js";
import { deleteSubscription, findMessageForPush, findSubscription, markDelivered } from "./push.repo.js";
import { buildPushPayload, topicFor } from "./push-payload.js";
import { sendPush } from "./push-sender.js";
import type { VapidKeys } from "./vapid-keys.js";

/**
 * Delivers one job. Reads subscription and message when it runs, so an unsubscribe, a
 * departure from the chat or a deleted message in the meantime sends nothing. Logs carry ids
 * and the push service's origin only: never message text, keys or the full endpoint.
 */
export function pushJobHandler(deps: { db: Db; vapid: VapidKeys; log: FastifyBaseLogger }): PushJobHandler {
  const { db, vapid, log } = deps;
  return async ({ subscriptionId, messageId }) => {
    const subscription = await findSubscription(db, subscriptionId);
    if (!subscription) return;
    const message = await findMessageForPush(db, messageId, subscription.userId);
    if (!message?.recipientIsMember || message.kind !== "text") return;

    const payload = JSON.stringify(buildPushPayload(message));
    const outcome = await sendPush(subscription, payload, { vapid, topic: topicFor(message.chatId) });
    const service = new URL(subscription.endpoint).origin;
    switch (outcome.result) {
      case "delivered":
        await markDelivered(db, subscriptionId);
        return;
      case "gone":
        await deleteSubscription(db, subscriptionId);
        log.info({ subscriptionId, service }, "push subscription expired; removed");
        return;
      case "refused":
        log.warn({ subscriptionId, service, status: outcome.status }, "push refused; not retrying");
        return;
    }
  };
}
