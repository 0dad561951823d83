import { type Message, ServerEvent } from "@teamchat/protocol";
import { TransactionRollbackError } from "drizzle-orm";
import type { AppContext } from "../../context.js";
import type { Executor } from "../../db/database.js";
import type { MessageRow } from "../../db/schema.js";
import { AppError } from "../../errors.js";
import { chatRoom } from "../../realtime/rooms.js";
import { notMemberError } from "../chats/chat-queries.js";
import { loadAttachments } from "../files/files.repo.js";
import { loadReactions, presentMessage } from "./message.presenter.js";
import { type ChangeSlot, findMessageForChange, findMessageInChat, takeChangeSlot } from "./message-changes.repo.js";

export type MessageRef = { chatId: string; messageId: string };

/**
 * What a change does to the locked message: the changed row, or null when the message is already
 * in the asked state (a retried edit, a second identical reaction). Throwing an AppError refuses.
 */
export type MessageChange = (tx: Executor, message: MessageRow, slot: ChangeSlot) => Promise<MessageRow | null>;

/**
 * Runs one change of a message in one transaction: take the chat's next change_seq (membership
 * checked in the same statement), lock the message, apply. A refused or no-op change rolls the
 * transaction back, so the change counter never gets a gap. A real change is fanned out as
 * message:updated to the chat's members; every outcome returns the message as it now is.
 */
export async function changeMessage(
  ctx: AppContext,
  userId: string,
  ref: MessageRef,
  change: MessageChange,
): Promise<{ message: Message }> {
  let changed: Message;
  try {
    changed = await ctx.db.transaction(async (tx) => {
      const slot = await takeChangeSlot(tx, ref.chatId, userId);
      if (!slot) throw await notMemberError(tx, ref.chatId);
      const target = await findMessageForChange(tx, ref.chatId, ref.messageId);
      if (!target) throw new AppError("MESSAGE_NOT_FOUND");
      const row = await change(tx, target, slot);
      if (!row) return tx.rollback();
      return presentMessage(row, await loadReactions(tx, [row.id]), await loadAttachments(tx, [row.id]));
    });
  } catch (err) {
    if (!(err instanceof TransactionRollbackError)) throw err;
    return { message: await currentMessage(ctx, ref) };
  }
  ctx.io.to(chatRoom(changed.chatId)).emit(ServerEvent.messageUpdated, changed);
  return { message: changed };
}

async function currentMessage(ctx: AppContext, ref: MessageRef): Promise<Message> {
  const row = await findMessageInChat(ctx.db, ref.chatId, ref.messageId);
  if (!row) throw new AppError("MESSAGE_NOT_FOUND");
  return presentMessage(row, await loadReactions(ctx.db, [row.id]), await loadAttachments(ctx.db, [row.id]));
}

/** Whether `seconds` have passed since the message was sent, by the database's clock. */
export function isOlderThan(message: MessageRow, seconds: number, now: Date): boolean {
  return now.getTime() - message.createdAt.getTime() > seconds * 1000;
}
