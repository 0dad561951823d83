import type { AppContext } from "../../context.js";
import { AppError } from "../../errors.js";
import { notMemberError } from "../chats/chat-queries.js";

/** Tell a missing chat from a foreign one, as every other route does. */
async function orNotMember<T>(ctx: AppContext, chatId: string, pending: Promise<T>): Promise<T> {
  try {
    return await pending;
  } catch (err) {
    if (err instanceof AppError && err.code === "NOT_A_MEMBER") throw await notMemberError(ctx.db, chatId);
    throw err;
  }
}

/** Delivered pointer: told to the chat's members when it moves (the senders' ✓✓), in batches. */
export async function markDelivered(ctx: AppContext, userId: string, chatId: string, upToSeq: number) {
  return { upToSeq: await orNotMember(ctx, chatId, ctx.deliveredBatcher.mark(chatId, userId, upToSeq)) };
}

/**
 * Read pointer, in batches (read-batcher.ts): the user's own devices always get the new pointer
 * and unread count; other members see it only if the user shares read receipts.
 */
export async function markRead(ctx: AppContext, userId: string, chatId: string, upToSeq: number) {
  const stored = await orNotMember(ctx, chatId, ctx.readBatcher.mark(chatId, userId, upToSeq));
  return { upToSeq: stored.readSeq, unreadCount: stored.unreadCount };
}
