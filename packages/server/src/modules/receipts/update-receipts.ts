import { ServerEvent } from "@teamchat/protocol";
import type { AppContext } from "../../context.js";
import { AppError } from "../../errors.js";
import { chatRoom, userRoom } from "../../realtime/rooms.js";
import { notMemberError } from "../chats/chat-queries.js";
import { advancePointer, countUnread, countUnreadMentions } from "./receipts.repo.js";

/** Delivered pointer: told to the chat's members when it moves (the senders' ✓✓), in batches. */
export async function markDelivered(ctx: AppContext, userId: string, chatId: string, upToSeq: number) {
  try {
    return { upToSeq: await ctx.deliveredBatcher.mark(chatId, userId, upToSeq) };
  } catch (err) {
    // Tell a missing chat from a foreign one, as every other route does.
    if (err instanceof AppError && err.code === "NOT_A_MEMBER") throw await notMemberError(ctx.db, chatId);
    throw err;
  }
}

/**
 * Read pointer: the user's own devices always get the new pointer and unread count (badges
 * stay in sync across tabs); other members see it only if the user shares read receipts.
 */
export async function markRead(ctx: AppContext, userId: string, chatId: string, upToSeq: number) {
  const update = await advancePointer(ctx.database.relaxedDb, "read", chatId, userId, upToSeq);
  if (!update) throw await notMemberError(ctx.db, chatId);
  const unreadCount = await countUnread(ctx.db, chatId, userId, update.readSeq);
  const mentionCount = await countUnreadMentions(ctx.db, chatId, userId, update.readSeq);
  if (update.advanced) {
    const pointer = { chatId, userId, upToSeq: update.readSeq };
    // As in WhatsApp: a reader who hides receipts tells no one, and in a direct chat someone
    // who hides theirs does not see the other's either.
    const othersMaySee = update.sharesReadReceipts && (update.chatType !== "direct" || update.peerSharesReadReceipts);
    const audience = othersMaySee ? ctx.io.to(chatRoom(chatId)) : ctx.io.to(userRoom(userId));
    audience.emit(ServerEvent.messageRead, pointer);
    ctx.io.to(userRoom(userId)).emit(ServerEvent.chatReadState, {
      chatId,
      readSeq: update.readSeq,
      unreadCount,
      mentionCount,
    });
  }
  return { upToSeq: update.readSeq, unreadCount };
}
