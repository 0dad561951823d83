import { type ClientEvent, type ClientPayload, type Message, ServerEvent } from "@teamchat/protocol";
import { eq } from "drizzle-orm";
import type { AppContext } from "../../context.js";
import { chats, type FileRow, type MessageRow } from "../../db/schema.js";
import { AppError, isUniqueViolation } from "../../errors.js";
import { chatRoom } from "../../realtime/rooms.js";
import { notMemberError } from "../chats/chat-queries.js";
import { findMembership } from "../chats/chats.repo.js";
import { presentAttachment } from "../files/attachment.presenter.js";
import { attachFiles } from "../files/files.repo.js";
import { loadQuotes, NO_REACTIONS, presentMessage, presentMessages } from "./message.presenter.js";
import { editsOf, findMessageInChat } from "./message-changes.repo.js";
import { findBySenderClientId, insertWithNextSeq } from "./messages.repo.js";
import { checkedMentions, forwardedBody } from "./send-checks.js";

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
  if (input.afterClientId && !(await findBySenderClientId(ctx.db, senderId, input.afterClientId))) {
    // Its predecessor is not stored yet (being retried): storing this one now would overtake it.
    throw new AppError("UNAVAILABLE", "The previous message is not stored yet; resend in order", {
      retryAfterMs: 500,
    });
  }
  if (input.replyToId) await assertQuotable(ctx, senderId, input.chatId, input.replyToId);
  const mentions = await checkedMentions(ctx, senderId, input);
  const body = input.forwardOf ? await forwardedBody(ctx, senderId, input.forwardOf) : input.body;
  let stored: { row: MessageRow; files: FileRow[] } | null;
  try {
    stored = await insertMessage(ctx, input.attachmentIds ?? [], {
      senderId,
      chatId: input.chatId,
      clientId: input.clientId,
      body,
      replyToId: input.replyToId,
      mentions,
      forwarded: input.forwardOf !== undefined,
      disappearingOverrideSeconds: ctx.config.disappearing.testSeconds,
    });
  } catch (err) {
    if (!isUniqueViolation(err, "messages_sender_client_key")) throw err;
    const original = await originalOf(ctx, senderId, input);
    // The first attempt may have committed while its node died or lost the database before
    // broadcasting: announce it again. Members who already have it drop the copy (same id, seq).
    ctx.io.to(chatRoom(original.chatId)).emit(ServerEvent.messageNew, original);
    return { message: original, duplicate: true };
  }
  if (!stored) throw await sendRefusal(ctx, senderId, input.chatId);
  const { row, files } = stored;
  const message = presentMessage(
    row,
    NO_REACTIONS,
    await loadQuotes(ctx.db, [row]),
    new Map([[row.id, files.map(presentAttachment)]]),
  );
  ctx.metrics.messagesStored.inc();
  ctx.io.to(chatRoom(message.chatId)).emit(ServerEvent.messageNew, message);
  ctx.push?.messageStored(message);
  return { message, duplicate: false };
}

/**
 * A reply quotes a message of the same chat that still has content. Someone outside the chat
 * learns nothing about its messages: they get NOT_A_MEMBER / CHAT_NOT_FOUND first.
 */
async function assertQuotable(ctx: AppContext, senderId: string, chatId: string, replyToId: string): Promise<void> {
  const quoted = await findMessageInChat(ctx.db, chatId, replyToId);
  if (!(await findMembership(ctx.db, chatId, senderId))) throw await notMemberError(ctx.db, chatId);
  if (!quoted) throw new AppError("MESSAGE_NOT_FOUND");
  if (quoted.deletedAt) throw new AppError("MESSAGE_DELETED");
}

/**
 * A plain text message is one statement; with files, the message and its attachments are one
 * transaction, so a refused attachment (not the sender's upload) stores nothing and uses no seq.
 */
async function insertMessage(
  ctx: AppContext,
  fileIds: string[],
  values: Parameters<typeof insertWithNextSeq>[1],
): Promise<{ row: MessageRow; files: FileRow[] } | null> {
  if (fileIds.length === 0) {
    const row = await insertWithNextSeq((query) => ctx.database.prepared("teamchat_insert_message", query), values);
    return row && { row, files: [] };
  }
  return ctx.db.transaction(async (tx) => {
    const row = await insertWithNextSeq(tx, values);
    if (!row) return null;
    return {
      row,
      files: await attachFiles(
        tx,
        { id: row.id, chatId: row.chatId, seq: row.seq, senderId: values.senderId },
        fileIds,
      ),
    };
  });
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
  // A forward's body is the source's (copied by the server), not what the client sent.
  const sameBody = original.forwarded || (await wasSentWithBody(ctx, original, input.body));
  if (original.chatId !== input.chatId || !sameBody) {
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
