import type { ClientEvent, ClientPayload, Message } from "@teamchat/protocol";
import type { AppContext } from "../../context.js";
import { AppError } from "../../errors.js";
import { changeMessage } from "../messages/change-message.js";
import { deleteReaction, insertReaction, stampChange } from "../messages/message-changes.repo.js";

type ReactionInput = ClientPayload<typeof ClientEvent.reactionAdd>;

/** Any member may react to a message that is not deleted; reacting twice changes nothing. */
export function addReaction(ctx: AppContext, userId: string, input: ReactionInput): Promise<{ message: Message }> {
  return changeMessage(
    ctx,
    userId,
    input,
    async (tx, message, slot) => {
      if (message.deletedAt) throw new AppError("MESSAGE_DELETED");
      if (!(await insertReaction(tx, message.id, userId, input.emoji))) return null;
      return stampChange(tx, message.id, slot);
    },
    { blockable: true },
  );
}

/** Removing a reaction I do not have (or from a deleted message, which has none) changes nothing. */
export function removeReaction(ctx: AppContext, userId: string, input: ReactionInput): Promise<{ message: Message }> {
  return changeMessage(
    ctx,
    userId,
    input,
    async (tx, message, slot) => {
      if (!(await deleteReaction(tx, message.id, userId, input.emoji))) return null;
      return stampChange(tx, message.id, slot);
    },
    { blockable: true },
  );
}
