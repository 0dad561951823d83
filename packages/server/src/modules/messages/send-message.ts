import { type ClientEvent, type ClientPayload, type Message, ServerEvent } from "@teamchat/protocol";
import { eq } from "drizzle-orm";
import type { AppContext } from "../../context.js";
import { chats, type MessageRow } from "../../db/schema.js";
import { AppError, isUniqueViolation } from "../../errors.js";
import { chatRoom } from "../../realtime/rooms.js";
import { notMemberError } from "../chats/chat-queries.js";
import { findMembership } from "../chats/chats.repo.js";
import { NO_REACTIONS, presentMessage, presentMessages } from "./message.presenter.js";
import { editsOf } from "./message-changes.repo.js";
import { findBySenderClientId, insertWithNextSeq } from "./messages.repo.js";

type SendInput = ClientPayload<typeof ClientEvent.messageSend>;

/**
 * Stores a message exactly once per (sender, clientId) and fans it out to every socket of every
 * member. A resend of a stored clientId returns the original with `duplicate: true` (and
 * announces it again, in case the first broadcast was lost), so a retry never duplicates.
 */
export async function sendMessage(
  ctx: AppContext,
  senderId: string,
  input: SendInput,
): Promise<{ message: Message; duplicate: boolean }> {
  const { afterClientId, ...toStore } = input;
  if (afterClientId && !(await findBySenderClientId(ctx.db, senderId, afterClientId))) {
    // Its predecessor is not stored yet (being retried): storing this one now would overtake it.
    throw new AppError("UNAVAILABLE", "The previous message is not stored yet; resend in order", {
      retryAfterMs: 500,
    });
  }
  let row: Awaited<ReturnType<typeof insertWithNextSeq>>;
  try {
    row = await insertWithNextSeq(ctx.db, { senderId, ...toStore });
  } catch (err) {
    if (!isUniqueViolation(err, "messages_sender_client_key")) throw err;
    const original = await originalOf(ctx, senderId, input);
    // The first attempt may have committed while its node died or lost the database before
    // broadcasting: announce it again. Members who already have it drop the copy (same id, seq).
    ctx.io.to(chatRoom(original.chatId)).emit(ServerEvent.messageNew, original);
    return { message: original, duplicate: true };
  }
  if (!row) throw await sendRefusal(ctx, senderId, input.chatId);
  const message = presentMessage(row, NO_REACTIONS);
  ctx.metrics.messagesStored.inc();
  ctx.io.to(chatRoom(message.chatId)).emit(ServerEvent.messageNew, message);
  ctx.push?.messageStored(message);
  return { message, duplicate: false };
}

/**
 * Why the send matched no row: not a member (or no such chat); else, in a group, only admins may
 * post; in a direct chat, a block stands between the two.
 */
async function sendRefusal(ctx: AppContext, senderId: string, chatId: string): Promise<AppError> {
  const membership = await findMembership(ctx.db, chatId, senderId);
  if (!membership) return notMemberError(ctx.db, chatId);
  const [chat] = await ctx.db.select({ type: chats.type }).from(chats).where(eq(chats.id, chatId));
  return new AppError(chat?.type === "direct" ? "BLOCKED" : "ONLY_ADMINS_CAN_POST");
}

async function originalOf(ctx: AppContext, senderId: string, input: SendInput): Promise<Message> {
  const original = await findBySenderClientId(ctx.db, senderId, input.clientId);
  if (!original) throw new AppError("INTERNAL");
  if (original.chatId !== input.chatId || !(await wasSentWithBody(ctx, original, input.body))) {
    throw new AppError("CLIENT_ID_REUSED");
  }
  const [message] = await presentMessages(ctx.db, [original]);
  if (!message) throw new AppError("INTERNAL");
  return message;
}

/**
 * A resend carries the body as first sent, which an edit may have replaced since. A message
 * deleted for everyone has no body left to compare: its resend is taken as a duplicate.
 */
async function wasSentWithBody(ctx: AppContext, original: MessageRow, body: string): Promise<boolean> {
  if (original.deletedAt) return true;
  if (!original.editedAt) return original.body === body;
  const [firstEdit] = await editsOf(ctx.db, original.id);
  return firstEdit?.body === body;
}
