import { type ClientEvent, type ClientPayload, type Message, ServerEvent } from "@teamchat/protocol";
import { eq } from "drizzle-orm";
import type { AppContext } from "../../context.js";
import { chats, type FileRow, type MessageRow } from "../../db/schema.js";
import { AppError, isUniqueViolation } from "../../errors.js";
import type { EventOrder } from "../../realtime/ordered-queue.js";
import { chatRoom, userRoom } from "../../realtime/rooms.js";
import { notMemberError } from "../chats/chat-queries.js";
import { findMembership } from "../chats/chats.repo.js";
import { presentAttachment } from "../files/attachment.presenter.js";
import { attachFiles } from "../files/files.repo.js";
import { blockStateInDirectChat } from "../users/blocks.repo.js";
import { insertHide } from "./hides.repo.js";
import { loadQuotes, NO_REACTIONS, presentMessage, presentMessages } from "./message.presenter.js";
import { editsOf, findMessageInChat } from "./message-changes.repo.js";
import { findBySenderClientId, insertUndelivered, insertWithNextSeq } from "./messages.repo.js";
import { checkedMentions, forwardedBody } from "./send-checks.js";

type SendInput = ClientPayload<typeof ClientEvent.messageSend>;

/**
 * Stores a message exactly once per (sender, clientId) and fans it out to every socket of every
 * member. A resend of a stored clientId returns the original with `duplicate: true` (and
 * announces it again, in case the first broadcast was lost), so a retry never duplicates.
 *
 * `order`: the send's place in its socket's line. A plain send lets the socket's next send start
 * as soon as it is queued in the send batcher (pipelining); a send written on its own (files, or
 * undelivered to a blocker) first waits for the socket's earlier events to settle.
 */
export async function sendMessage(
  ctx: AppContext,
  senderId: string,
  input: SendInput,
  order?: EventOrder,
): Promise<{ message: Message; duplicate: boolean }> {
  const stopAdmission = ctx.metrics.sendStageSeconds.startTimer({ stage: "admission" });
  if (
    input.afterClientId &&
    // Queued ahead of this one on the same socket: the batcher keeps their order.
    !(order && ctx.sendBatcher.holds(senderId, input.afterClientId, order.lane)) &&
    !(await findBySenderClientId(ctx.db, senderId, input.afterClientId))
  ) {
    // Its predecessor is not stored yet (being retried): storing this one now would overtake it.
    throw new AppError("UNAVAILABLE", "The previous message is not stored yet; resend in order", {
      retryAfterMs: 500,
    });
  }
  if (input.replyToId) await assertQuotable(ctx, senderId, input.chatId, input.replyToId);
  const mentions = await checkedMentions(ctx, senderId, input);
  const body = input.forwardOf ? await forwardedBody(ctx, senderId, input.forwardOf) : input.body;
  stopAdmission();
  let stored: Awaited<ReturnType<typeof insertMessage>>;
  try {
    stored = await insertMessage(ctx, order, input.attachmentIds ?? [], {
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
    return resent(ctx, senderId, input);
  }
  if (!stored) {
    // Not stored: either its clientId already was (a resend), or the sender may not post.
    if (await findBySenderClientId(ctx.db, senderId, input.clientId)) return resent(ctx, senderId, input);
    const refusal = await sendRefusal(ctx, senderId, input.chatId);
    if (refusal instanceof AppError) throw refusal;
    // Its own write: the socket's earlier sends (pipelined) must have taken their seqs first.
    await order?.afterEarlier();
    try {
      return await storeUndelivered(ctx, senderId, refusal.blockerId, { ...input, body }, input.attachmentIds ?? []);
    } catch (err) {
      if (!isUniqueViolation(err, "messages_sender_client_key")) throw err;
      return resent(ctx, senderId, input);
    }
  }
  const { row, files } = stored;
  // Sends of one batch resume in any order (the first of a direct chat also announces it): the
  // chat hears this socket's messages in seq order, as when each waited for the previous commit.
  await order?.earlierSettled;
  const stopFanout = ctx.metrics.sendStageSeconds.startTimer({ stage: "fanout" });
  const message = presentMessage(
    row,
    NO_REACTIONS,
    await loadQuotes(ctx.db, [row]),
    new Map([[row.id, files.map(presentAttachment)]]),
  );
  ctx.metrics.messagesStored.inc();
  // The peer's sockets joined the room when the chat was created; now the chat is in their list.
  if (row.newlyListedFor) await ctx.chatAnnouncer.announce(message.chatId, row.newlyListedFor);
  ctx.io.to(chatRoom(message.chatId)).emit(ServerEvent.messageNew, message);
  ctx.push?.messageStored(message);
  stopFanout();
  ctx.linkPreviews?.afterSend(message, senderId, input.linkPreview);
  return { message, duplicate: false };
}

/** A resend of a stored clientId: the original, announced again. */
async function resent(ctx: AppContext, senderId: string, input: SendInput) {
  const original = await originalOf(ctx, senderId, input);
  // The first attempt may have committed while its node died or lost the database before
  // broadcasting: announce it again. Members who already have it drop the copy (same id, seq).
  ctx.io.to(audienceOf(original)).emit(ServerEvent.messageNew, original);
  return { message: original, duplicate: true };
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
 * A plain text message joins the group commit (one statement for the sends of all sockets in a
 * short window, send-batcher.ts); with files, the message and its attachments are one
 * transaction, so a refused attachment (not the sender's upload) stores nothing and uses no seq.
 * Null: not stored (a resent clientId, or the sender may not post).
 */
async function insertMessage(
  ctx: AppContext,
  order: EventOrder | undefined,
  fileIds: string[],
  values: Parameters<typeof insertWithNextSeq>[1],
): Promise<{ row: MessageRow & { newlyListedFor: string | null }; files: FileRow[] } | null> {
  if (fileIds.length === 0) {
    const stored = ctx.sendBatcher.store(values, order);
    // Queued in arrival order: the socket's next send may follow it into the batcher now.
    order?.release();
    const row = await stored;
    return row && { row, files: [] };
  }
  // Not batched: the socket's earlier sends, perhaps still in the batcher, take their seqs first.
  await order?.afterEarlier();
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
 * post; in a direct chat, a block stands between the two. Someone I blocked I must unblock to
 * write to (BLOCKED); someone who blocked me is never told: `blockerId` asks for an undelivered send.
 */
async function sendRefusal(
  ctx: AppContext,
  senderId: string,
  chatId: string,
): Promise<AppError | { blockerId: string }> {
  const membership = await findMembership(ctx.db, chatId, senderId);
  if (!membership) return notMemberError(ctx.db, chatId);
  const [chat] = await ctx.db.select({ type: chats.type }).from(chats).where(eq(chats.id, chatId));
  if (chat?.type !== "direct") return new AppError("ONLY_ADMINS_CAN_POST");
  const block = await blockStateInDirectChat(ctx.db, chatId, senderId);
  if (!block || block.iBlocked || !block.blockedMe) return new AppError("BLOCKED");
  return { blockerId: block.peerId };
}

/**
 * A message to someone who blocked the sender: acknowledged like any other (one ✓), stored for
 * the sender only (hidden for the blocker in the same transaction, so no history, sync, search,
 * preview or unread count of theirs ever shows it, not even after an unblock), told to the
 * sender's own devices only and never pushed.
 */
async function storeUndelivered(
  ctx: AppContext,
  senderId: string,
  blockerId: string,
  input: SendInput,
  fileIds: string[],
): Promise<{ message: Message; duplicate: boolean }> {
  const stored = await ctx.db.transaction(async (tx) => {
    const row = await insertUndelivered(tx, {
      chatId: input.chatId,
      senderId,
      clientId: input.clientId,
      body: input.body,
      replyToId: input.replyToId,
      forwarded: input.forwardOf !== undefined,
    });
    if (!row) throw new AppError("NOT_A_MEMBER");
    const files = await attachFiles(tx, { id: row.id, chatId: row.chatId, seq: row.seq, senderId }, fileIds);
    await insertHide(tx, blockerId, row.chatId, row.id);
    return { row, files };
  });
  const message = presentMessage(
    stored.row,
    NO_REACTIONS,
    await loadQuotes(ctx.db, [stored.row]),
    new Map([[stored.row.id, stored.files.map(presentAttachment)]]),
  );
  ctx.metrics.messagesStored.inc();
  ctx.io.to(userRoom(senderId)).emit(ServerEvent.messageNew, message);
  return { message, duplicate: false };
}

/** Who hears of a message: the chat, or only its sender's devices when it is undelivered. */
export function audienceOf(message: Pick<Message, "chatId" | "senderId" | "undelivered">): string {
  return message.undelivered && message.senderId ? userRoom(message.senderId) : chatRoom(message.chatId);
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
