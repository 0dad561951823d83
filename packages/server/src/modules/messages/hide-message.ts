import { type ClientEvent, type ClientPayload, ServerEvent } from "@teamchat/protocol";
import type { AppContext } from "../../context.js";
import { AppError } from "../../errors.js";
import { userRoom } from "../../realtime/rooms.js";
import { readableRange } from "../chats/chat-queries.js";
import { findMembership } from "../chats/chats.repo.js";
import { countUnread, countUnreadMentions } from "../receipts/receipts.repo.js";
import { type Hide, insertHide } from "./hides.repo.js";
import { findMessageInChat } from "./message-changes.repo.js";

type HideInput = ClientPayload<typeof ClientEvent.messageHide>;

/**
 * Delete for me: any message I can read (a former member too, up to their departure) disappears
 * from my history, search and every device of mine; nobody else is told. Idempotent.
 */
export async function hideMessage(ctx: AppContext, userId: string, input: HideInput): Promise<Hide> {
  const { hide, message } = await ctx.db.transaction(async (tx) => {
    const { maxSeq } = await readableRange(tx, input.chatId, userId);
    const message = await findMessageInChat(tx, input.chatId, input.messageId);
    if (!message || (maxSeq !== null && message.seq > maxSeq)) throw new AppError("MESSAGE_NOT_FOUND");
    return { hide: await insertHide(tx, userId, input.chatId, input.messageId), message };
  });
  ctx.io.to(userRoom(userId)).emit(ServerEvent.messageHidden, hide);
  // An unread message I delete for myself no longer waits for me: my badges drop on every device.
  const membership = await findMembership(ctx.db, input.chatId, userId);
  if (membership && message.seq > membership.readSeq && message.senderId !== userId) {
    ctx.io.to(userRoom(userId)).emit(ServerEvent.chatReadState, {
      chatId: input.chatId,
      readSeq: membership.readSeq,
      unreadCount: await countUnread(ctx.db, input.chatId, userId, membership.readSeq),
      mentionCount: await countUnreadMentions(ctx.db, input.chatId, userId, membership.readSeq),
    });
  }
  return hide;
}
