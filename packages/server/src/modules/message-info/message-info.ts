import type { MessageInfo } from "@teamchat/protocol";
import type { AppContext } from "../../context.js";
import { AppError } from "../../errors.js";
import { assertMember } from "../chats/chat-queries.js";
import { findMessageInChat } from "../messages/message-changes.repo.js";
import { memberReceipts, viewerContext } from "./receipt-log.repo.js";

/**
 * Message info: who got and who read one of MY messages, and when. Only a current member
 * asks (NOT_A_MEMBER otherwise), only for a message they sent (NOT_YOUR_MESSAGE): the
 * delivered/read times of others' messages are their sender's business, as in WhatsApp.
 * Read receipts follow the same privacy as the ticks: a member who hides theirs shows as
 * delivered only, and in a direct chat my hiding mine hides theirs from me.
 */
export async function messageInfo(
  ctx: AppContext,
  userId: string,
  chatId: string,
  messageId: string,
): Promise<MessageInfo> {
  await assertMember(ctx.db, chatId, userId);
  const message = await findMessageInChat(ctx.db, chatId, messageId);
  if (!message) throw new AppError("MESSAGE_NOT_FOUND");
  if (message.senderId !== userId) throw new AppError("NOT_YOUR_MESSAGE");
  const viewer = await viewerContext(ctx.db, chatId, userId);
  const iShareReadReceipts = viewer?.chatType !== "direct" || viewer.sharesReadReceipts;
  const receipts = await memberReceipts(ctx.db, chatId, userId, message.seq, message.createdAt);
  const members = receipts.map((r) => {
    const readHidden = !r.sharesReadReceipts || !iShareReadReceipts;
    const read = !readHidden && r.readSeq >= message.seq;
    const delivered = read || r.deliveredSeq >= message.seq;
    return {
      userId: r.userId,
      displayName: r.displayName,
      delivered,
      deliveredAt: delivered ? ((r.deliveredAt ?? (read ? r.readAt : null))?.toISOString() ?? null) : null,
      read,
      readAt: read ? (r.readAt?.toISOString() ?? null) : null,
      readHidden,
    };
  });
  return {
    chatId,
    messageId,
    seq: message.seq,
    members,
    memberCount: members.length,
    deliveredCount: members.filter((m) => m.delivered).length,
    readCount: members.filter((m) => m.read).length,
  };
}
