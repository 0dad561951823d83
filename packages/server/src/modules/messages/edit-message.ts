import { type ClientEvent, type ClientPayload, firstLink, type Message } from "@teamchat/protocol";
import type { AppContext } from "../../context.js";
import { AppError } from "../../errors.js";
import { changeMessage, isOlderThan } from "./change-message.js";
import { replaceBody } from "./message-changes.repo.js";
import { checkedMentions } from "./send-checks.js";

type EditInput = ClientPayload<typeof ClientEvent.messageEdit>;

/**
 * Replaces the body of one of my messages within the edit window, keeping the previous body in
 * the history. Sending the current body again (a retry after a lost ack) changes nothing. An edit
 * that changes the body's first link drops the old link's preview; the new link's follows as a
 * change, as after a send (an unchanged link keeps its preview, or its absence if the sender
 * removed it).
 */
export async function editMessage(ctx: AppContext, userId: string, input: EditInput): Promise<{ message: Message }> {
  // The edited text's mentions replace the old ones (a mention added by an edit counts as unread
  // for that person like any other; nobody is notified again, as in Slack and WhatsApp).
  const mentions = input.mentions
    ? await checkedMentions(ctx, userId, { ...input, mentions: input.mentions })
    : undefined;
  let linkChanged = false;
  const edited = await changeMessage(
    ctx,
    userId,
    input,
    async (tx, message, slot) => {
      if (message.senderId !== userId) throw new AppError("NOT_YOUR_MESSAGE");
      if (message.deletedAt) throw new AppError("MESSAGE_DELETED");
      if (message.body === input.body) return null;
      if (isOlderThan(message, ctx.config.messageWindows.editSeconds, slot.at))
        throw new AppError("EDIT_WINDOW_PASSED");
      linkChanged = firstLink(message.body) !== firstLink(input.body);
      return replaceBody(tx, message, input.body, slot, { mentions, dropPreview: linkChanged });
    },
    { blockable: true },
  );
  if (linkChanged) ctx.linkPreviews?.afterEdit(edited.message, userId);
  return edited;
}
