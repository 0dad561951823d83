import type { ClientEvent, ClientPayload } from "@teamchat/protocol";
import { and, eq, inArray } from "drizzle-orm";
import type { AppContext } from "../../context.js";
import { chatMembers } from "../../db/schema.js";
import { AppError } from "../../errors.js";
import { assertMember, readableRange } from "../chats/chat-queries.js";
import { isHiddenFor } from "./hides.repo.js";
import { findMessageInChat } from "./message-changes.repo.js";

type SendInput = ClientPayload<typeof ClientEvent.messageSend>;

/**
 * The mentioned people, deduplicated, without the sender; every one must be a current member
 * of the chat (mentions are ids chosen from the member list, never parsed from the text).
 */
export async function checkedMentions(
  ctx: AppContext,
  senderId: string,
  input: Pick<SendInput, "chatId" | "mentions">,
): Promise<string[]> {
  const wanted = [...new Set(input.mentions ?? [])].filter((id) => id !== senderId);
  if (wanted.length === 0) return [];
  const rows = await ctx.db
    .select({ userId: chatMembers.userId })
    .from(chatMembers)
    .where(and(eq(chatMembers.chatId, input.chatId), inArray(chatMembers.userId, wanted)));
  if (rows.length === wanted.length) return wanted;
  // A non-member sender learns that first, not which of their mentions are members.
  await assertMember(ctx.db, input.chatId, senderId);
  throw new AppError("VALIDATION_FAILED", "Only members of the chat can be mentioned", {
    details: [{ path: "mentions", message: "not a member of this chat" }],
  });
}

/**
 * The body of a message being forwarded, if the sender may read it: a member of its chat (or a
 * former member, up to their departure), not hidden for them, not deleted, not a system message.
 * Posting into the target is checked by the send itself (membership, admins-only, blocks).
 */
export async function forwardedBody(
  ctx: AppContext,
  senderId: string,
  source: { chatId: string; messageId: string },
): Promise<string> {
  const { maxSeq } = await readableRange(ctx.db, source.chatId, senderId);
  const message = await findMessageInChat(ctx.db, source.chatId, source.messageId);
  if (message?.kind !== "text" || (maxSeq !== null && message.seq > maxSeq)) {
    throw new AppError("MESSAGE_NOT_FOUND");
  }
  if (await isHiddenFor(ctx.db, senderId, message.id)) throw new AppError("MESSAGE_NOT_FOUND");
  if (message.deletedAt) throw new AppError("MESSAGE_DELETED");
  return message.body;
}
