import type { ClientEvent, ClientPayload, Message } from "@teamchat/protocol";
import type { AppContext } from "../../context.js";
import { AppError } from "../../errors.js";
import { assertNotBlocked, changeMessage, isOlderThan } from "./change-message.js";
import { replaceBody } from "./message-changes.repo.js";
import { checkedMentions } from "./send-checks.js";

type EditInput = ClientPayload<typeof ClientEvent.messageEdit>;

/**
 * Replaces the body of one of my messages within the edit window, keeping the previous body in
 * the history. Sending the current body again (a retry after a lost ack) changes nothing.
 */
export async function editMessage(ctx: AppContext, userId: string, input: EditInput): Promise<{ message: Message }> {
  // The edited text's mentions replace the old ones (a mention added by an edit counts as unread
  // for that person like any other; nobody is notified again, as in Slack and WhatsApp).
  const mentions = input.mentions
    ? await checkedMentions(ctx, userId, { ...input, mentions: input.mentions })
    : undefined;
  return changeMessage(ctx, userId, input, async (tx, message, slot) => {
    if (message.senderId !== userId) throw new AppError("NOT_YOUR_MESSAGE");
    if (message.deletedAt) throw new AppError("MESSAGE_DELETED");
    if (message.body === input.body) return null;
    await assertNotBlocked(tx, slot, input.chatId, userId);
    if (isOlderThan(message, ctx.config.messageWindows.editSeconds, slot.at)) throw new AppError("EDIT_WINDOW_PASSED");
    return replaceBody(tx, message, input.body, slot, mentions);
  });
}
