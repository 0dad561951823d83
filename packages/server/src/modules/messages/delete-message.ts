import type { ClientEvent, ClientPayload, Message } from "@teamchat/protocol";
import type { AppContext } from "../../context.js";
import { AppError } from "../../errors.js";
import { detachFiles } from "../files/files.repo.js";
import { announcePins } from "../pins/pin-message.js";
import { changeMessage, isOlderThan } from "./change-message.js";
import { type ChangeSlot, eraseMessage } from "./message-changes.repo.js";
import { refreshRepliesTo } from "./quote-refresh.js";

type DeleteInput = ClientPayload<typeof ClientEvent.messageDelete>;

/**
 * Deletes a message for everyone: the row stays as a tombstone (its seq keeps history gap-free)
 * but the body, the edit history and the reactions are removed from the database. Allowed for
 * the sender within the delete window and for a group's admins on any message. Deleting a
 * tombstone again changes nothing.
 */
export async function deleteMessage(
  ctx: AppContext,
  userId: string,
  input: DeleteInput,
): Promise<{ message: Message }> {
  let wasPinned = false;
  let orphaned: string[] = [];
  const result = await changeMessage(ctx, userId, input, async (tx, message, slot) => {
    const isSender = message.senderId === userId;
    if (!isSender && !isGroupAdmin(slot)) throw new AppError("NOT_YOUR_MESSAGE");
    if (message.deletedAt) return null;
    const windowPassed = isOlderThan(message, ctx.config.messageWindows.deleteSeconds, slot.at);
    if (windowPassed && !isGroupAdmin(slot)) throw new AppError("DELETE_WINDOW_PASSED");
    wasPinned = message.pinnedAt !== null;
    // Its files go with it, unless another message still carries them.
    orphaned = await detachFiles(tx, message.id);
    return eraseMessage(tx, message.id, slot);
  });
  // Bytes only after the commit: a rolled-back delete must not lose them.
  await ctx.files?.removeStored(orphaned);
  // The content is gone: from quotes in replies (devices included) and from the pinned bar.
  if (result.message.deletedAt) await refreshRepliesTo(ctx, result.message);
  if (wasPinned) await announcePins(ctx, input.chatId);
  return result;
}

/** An admin of a group or a channel. */
function isGroupAdmin(slot: ChangeSlot): boolean {
  return slot.chatType !== "direct" && slot.actorRole === "admin";
}
