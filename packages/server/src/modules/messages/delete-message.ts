import type { ClientEvent, ClientPayload, Message } from "@teamchat/protocol";
import type { AppContext } from "../../context.js";
import { AppError } from "../../errors.js";
import { changeMessage, isOlderThan } from "./change-message.js";
import { type ChangeSlot, eraseMessage } from "./message-changes.repo.js";

type DeleteInput = ClientPayload<typeof ClientEvent.messageDelete>;

/**
 * Deletes a message for everyone: the row stays as a tombstone (its seq keeps history gap-free)
 * but the body, the edit history and the reactions are removed from the database. Allowed for
 * the sender within the delete window and for a group's admins on any message. Deleting a
 * tombstone again changes nothing.
 */
export function deleteMessage(ctx: AppContext, userId: string, input: DeleteInput): Promise<{ message: Message }> {
  return changeMessage(ctx, userId, input, async (tx, message, slot) => {
    const isSender = message.senderId === userId;
    if (!isSender && !isGroupAdmin(slot)) throw new AppError("NOT_YOUR_MESSAGE");
    if (message.deletedAt) return null;
    const windowPassed = isOlderThan(message, ctx.config.messageWindows.deleteSeconds, slot.at);
    if (windowPassed && !isGroupAdmin(slot)) throw new AppError("DELETE_WINDOW_PASSED");
    return eraseMessage(tx, message.id, slot);
  });
}

/** An admin of a group or a channel. */
function isGroupAdmin(slot: ChangeSlot): boolean {
  return slot.chatType !== "direct" && slot.actorRole === "admin";
}
