import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "../../db/database.js";
import {
  chatMembers,
  chats,
  type MessageReactionRow,
  type MessageRow,
  messageEdits,
  messageReactions,
  messages,
} from "../../db/schema.js";

/** The chat's next change counter, held (row-locked) until the transaction ends. */
export type ChangeSlot = {
  changeSeq: number;
  at: Date;
  chatType: "direct" | "group" | "channel";
  actorRole: "admin" | "member";
};

/**
 * Takes the chat's next change_seq for a change by `userId`. The UPDATE locks the chat row, so
 * message changes and sends in one chat commit in change_seq order; the EXISTS makes
 * membership part of the same statement. Null when the user is not a member (or no chat).
 */
export async function takeChangeSlot(tx: Executor, chatId: string, userId: string): Promise<ChangeSlot | null> {
  const role = sql<"admin" | "member">`(SELECT ${chatMembers.role} FROM ${chatMembers}
    WHERE ${chatMembers.chatId} = ${chatId} AND ${chatMembers.userId} = ${userId})`;
  const [slot] = await tx
    .update(chats)
    .set({ changeSeq: sql`${chats.changeSeq} + 1` })
    .where(and(eq(chats.id, chatId), sql`${role} IS NOT NULL`))
    .returning({
      changeSeq: chats.changeSeq,
      at: sql<Date>`now()`.mapWith(chats.createdAt),
      chatType: chats.type,
      actorRole: role,
    });
  return slot ?? null;
}

/** The message, locked against concurrent changes, if it belongs to the chat. */
export async function findMessageForChange(
  tx: Executor,
  chatId: string,
  messageId: string,
): Promise<MessageRow | null> {
  const [row] = await tx
    .select()
    .from(messages)
    .where(and(eq(messages.id, messageId), eq(messages.chatId, chatId)))
    .for("update");
  return row ?? null;
}

export async function findMessageInChat(db: Executor, chatId: string, messageId: string): Promise<MessageRow | null> {
  const [row] = await db
    .select()
    .from(messages)
    .where(and(eq(messages.id, messageId), eq(messages.chatId, chatId)));
  return row ?? null;
}

/** Keeps the previous body in the history and stores the new one. */
export async function replaceBody(
  tx: Executor,
  message: MessageRow,
  body: string,
  slot: ChangeSlot,
  changes: {
    /** The people the new body mentions; undefined keeps the message's (an older client's edit). */
    mentions?: string[] | undefined;
    /** The body's first link changed: the old link's preview goes (the new one follows as a change). */
    dropPreview?: boolean;
  } = {},
): Promise<MessageRow> {
  const { mentions, dropPreview } = changes;
  await tx.insert(messageEdits).values({ messageId: message.id, body: message.body, editedAt: slot.at });
  return stampChange(tx, message.id, slot, {
    body,
    editedAt: slot.at,
    ...(mentions && { mentions }),
    ...(dropPreview && { linkPreview: null, linkPreviewFileId: null }),
  });
}

/** Delete for everyone: the body, its history and the reactions are removed from the database. */
export async function eraseMessage(tx: Executor, messageId: string, slot: ChangeSlot): Promise<MessageRow> {
  await tx.delete(messageEdits).where(eq(messageEdits.messageId, messageId));
  await tx.delete(messageReactions).where(eq(messageReactions.messageId, messageId));
  return stampChange(tx, messageId, slot, {
    body: "",
    editedAt: null,
    deletedAt: slot.at,
    pinnedAt: null,
    pinnedBy: null,
    mentions: [],
    // The page's title and description go too; the picture's file is then unused (the sweep).
    linkPreview: null,
    linkPreviewFileId: null,
  });
}

/** False when the user had already reacted with that emoji (nothing changed). */
export async function insertReaction(tx: Executor, messageId: string, userId: string, emoji: string): Promise<boolean> {
  const inserted = await tx
    .insert(messageReactions)
    .values({ messageId, userId, emoji })
    .onConflictDoNothing()
    .returning({ emoji: messageReactions.emoji });
  return inserted.length > 0;
}

/** False when the user had no such reaction (nothing changed). */
export async function deleteReaction(tx: Executor, messageId: string, userId: string, emoji: string): Promise<boolean> {
  const deleted = await tx
    .delete(messageReactions)
    .where(
      and(
        eq(messageReactions.messageId, messageId),
        eq(messageReactions.userId, userId),
        eq(messageReactions.emoji, emoji),
      ),
    )
    .returning({ emoji: messageReactions.emoji });
  return deleted.length > 0;
}

/** Stamps the message with the change's change_seq (and any other column values). */
export async function stampChange(
  tx: Executor,
  messageId: string,
  slot: ChangeSlot,
  values: Partial<
    Pick<
      MessageRow,
      "body" | "editedAt" | "deletedAt" | "pinnedAt" | "pinnedBy" | "mentions" | "linkPreview" | "linkPreviewFileId"
    >
  > = {},
): Promise<MessageRow> {
  const [row] = await tx
    .update(messages)
    .set({ ...values, changeSeq: slot.changeSeq })
    .where(eq(messages.id, messageId))
    .returning();
  if (!row) throw new Error("message vanished inside its change transaction");
  return row;
}

/** Reactions of many messages in one query, oldest first (the order they are presented in). */
export async function reactionsOf(db: Executor, messageIds: string[]): Promise<MessageReactionRow[]> {
  if (messageIds.length === 0) return [];
  return db
    .select()
    .from(messageReactions)
    .where(inArray(messageReactions.messageId, messageIds))
    .orderBy(asc(messageReactions.createdAt), asc(messageReactions.emoji), asc(messageReactions.userId));
}

export async function editsOf(db: Executor, messageId: string) {
  return db
    .select({ body: messageEdits.body, editedAt: messageEdits.editedAt })
    .from(messageEdits)
    .where(eq(messageEdits.messageId, messageId))
    .orderBy(asc(messageEdits.editedAt), asc(messageEdits.id));
}
