import type { ClientEvent, ClientPayload, Message } from "@teamchat/protocol";
import type { AppContext } from "../../context.js";
import type { Executor } from "../../db/database.js";
import type { MessageRow } from "../../db/schema.js";
import { AppError } from "../../errors.js";
import { assertMember } from "../chats/chat-queries.js";
import { changeMessage, presentOne } from "../messages/change-message.js";
import { findMessageInChat, stampChange } from "../messages/message-changes.repo.js";
import { blockedInDirectChat } from "../users/blocks.repo.js";
import { hasVoiceNote, insertPlay, sharesReadReceipts } from "./voice-plays.repo.js";

type PlayedInput = ClientPayload<typeof ClientEvent.messagePlayed>;

/**
 * A member played someone else's voice note. Shared as a message change (`playedBy`, through
 * message:updated and the sync feed) when the listener shares read receipts, like the blue
 * ticks; otherwise the play is recorded with no change and no announcement, so nothing (not
 * even a change's timing) tells the sender. Playing again changes nothing.
 */
export async function markPlayed(ctx: AppContext, userId: string, input: PlayedInput): Promise<{ message: Message }> {
  // Across a block in a direct chat a play is answered as done and stored nowhere: no error names
  // the block, and no later page can list it in playedBy (blocking tells nothing, either way).
  if (await blockedInDirectChat(ctx.db, input.chatId, userId)) return recordQuietly(ctx, userId, input, false);
  if (!(await sharesReadReceipts(ctx.db, userId))) return recordQuietly(ctx, userId, input);
  return changeMessage(ctx, userId, input, async (tx, message, slot) => {
    await assertPlayable(tx, message, userId);
    if (!(await insertPlay(tx, message.id, userId))) return null;
    return stampChange(tx, message.id, slot);
  });
}

async function recordQuietly(
  ctx: AppContext,
  userId: string,
  input: PlayedInput,
  store = true,
): Promise<{ message: Message }> {
  await assertMember(ctx.db, input.chatId, userId);
  const message = await findMessageInChat(ctx.db, input.chatId, input.messageId);
  if (!message) throw new AppError("MESSAGE_NOT_FOUND");
  await assertPlayable(ctx.db, message, userId);
  if (store) await insertPlay(ctx.db, message.id, userId);
  // Only the listener reads this answer: it lists their own play, which nobody else sees.
  return { message: await presentOne(ctx.db, message, userId) };
}

async function assertPlayable(db: Executor, message: MessageRow, userId: string): Promise<void> {
  if (message.deletedAt) throw new AppError("MESSAGE_DELETED");
  if (message.senderId === userId || !(await hasVoiceNote(db, message.id))) throw new AppError("NOT_A_VOICE_MESSAGE");
}
