import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "../../db/database.js";
import {
  type ChatFormerMemberRow,
  type ChatMemberRow,
  type ChatRow,
  chatFormerMembers,
  chatMembers,
  chats,
  type MessageRow,
  messages,
  users,
} from "../../db/schema.js";
import { notHiddenFor } from "../messages/hides.repo.js";

export type ChatSummaryRow = {
  chat: ChatRow;
  me: Pick<ChatMemberRow, "role" | "readSeq" | "deliveredSeq" | "mutedUntil" | "archived" | "pinnedAt">;
  lastMessage: MessageRow | null;
  unreadCount: number;
  /** Unread messages that mention me. */
  mentionCount: number;
  /** Set when the user is a former member: what they can still see ends there. */
  left: { seq: number; changeSeq: number; at: Date } | null;
};

export type MemberWithUserRow = ChatMemberRow & {
  user: { id: string; username: string; displayName: string; avatarUrl: string | null; statusMessage: string | null };
  sharesReadReceipts: boolean;
};

/** The user's chats, newest activity first, with last message and unread count. */
export async function listChatSummaries(db: Executor, userId: string, onlyChatId?: string): Promise<ChatSummaryRow[]> {
  // Unread = messages after my read pointer that I did not send. Seqs are gap-free, so that is
  // the distance to the last seq minus my own messages after the pointer (usually none): an
  // index-only probe per chat instead of visiting every unread message (docs/benchmarks.md).
  const unread = sql<number>`(${chats.lastSeq} - ${chatMembers.readSeq} - (SELECT count(*)::int FROM ${messages} x
    WHERE x.chat_id = ${chatMembers.chatId} AND x.sender_id = ${chatMembers.userId} AND x.seq > ${chatMembers.readSeq}))`;
  // Unread mentions of me; only chats with unread messages are scanned (most have none).
  const mentions = sql<number>`(CASE WHEN ${chats.lastSeq} > ${chatMembers.readSeq} THEN (SELECT count(*)::int FROM ${messages} x
    WHERE x.chat_id = ${chatMembers.chatId} AND x.seq > ${chatMembers.readSeq} AND cardinality(x.mentions) > 0
      AND x.mentions @> ARRAY[${chatMembers.userId}] AND x.deleted_at IS NULL) ELSE 0 END)`;
  const rows = await db
    .select({
      chat: chats,
      role: chatMembers.role,
      readSeq: chatMembers.readSeq,
      deliveredSeq: chatMembers.deliveredSeq,
      mutedUntil: chatMembers.mutedUntil,
      archived: chatMembers.archived,
      pinnedAt: chatMembers.pinnedAt,
      lastMessage: messages,
      unreadCount: unread.mapWith(Number),
      mentionCount: mentions.mapWith(Number),
    })
    .from(chatMembers)
    .innerJoin(chats, eq(chats.id, chatMembers.chatId))
    // A last message I deleted for myself is no preview of mine.
    .leftJoin(messages, and(eq(messages.chatId, chats.id), eq(messages.seq, chats.lastSeq), notHiddenFor(userId)))
    .where(and(eq(chatMembers.userId, userId), onlyChatId ? eq(chatMembers.chatId, onlyChatId) : undefined))
    .orderBy(desc(chats.lastActivityAt), desc(chats.id));
  return rows.map((r) => ({
    chat: r.chat,
    me: {
      role: r.role,
      readSeq: r.readSeq,
      deliveredSeq: r.deliveredSeq,
      mutedUntil: r.mutedUntil,
      archived: r.archived,
      pinnedAt: r.pinnedAt,
    },
    lastMessage: r.lastMessage,
    unreadCount: r.unreadCount,
    mentionCount: r.mentionCount,
    left: null,
  }));
}

/**
 * Groups the user left or was removed from, as they may still see them: the last message is
 * the one recording their departure and nothing after it counts (no unread either).
 */
export async function listFormerChatSummaries(
  db: Executor,
  userId: string,
  onlyChatId?: string,
): Promise<ChatSummaryRow[]> {
  const rows = await db
    .select({ chat: chats, former: chatFormerMembers, lastMessage: messages })
    .from(chatFormerMembers)
    .innerJoin(chats, eq(chats.id, chatFormerMembers.chatId))
    .leftJoin(messages, and(eq(messages.chatId, chats.id), eq(messages.seq, chatFormerMembers.leftAtSeq)))
    .where(
      and(eq(chatFormerMembers.userId, userId), onlyChatId ? eq(chatFormerMembers.chatId, onlyChatId) : undefined),
    );
  return rows.map((r) => ({
    chat: r.chat,
    // A chat I left keeps no settings of mine (they went with the membership row).
    me: {
      role: "member" as const,
      readSeq: r.former.readSeq,
      deliveredSeq: r.former.leftAtSeq,
      mutedUntil: null,
      archived: false,
      pinnedAt: null,
    },
    lastMessage: r.lastMessage,
    unreadCount: 0,
    mentionCount: 0,
    left: { seq: r.former.leftAtSeq, changeSeq: r.former.leftAtChangeSeq, at: r.former.leftAt },
  }));
}

export async function findFormerMembership(
  db: Executor,
  chatId: string,
  userId: string,
): Promise<ChatFormerMemberRow | null> {
  const [row] = await db
    .select()
    .from(chatFormerMembers)
    .where(and(eq(chatFormerMembers.chatId, chatId), eq(chatFormerMembers.userId, userId)));
  return row ?? null;
}

export async function listMembers(db: Executor, chatIds: string[]): Promise<MemberWithUserRow[]> {
  if (chatIds.length === 0) return [];
  const rows = await db
    .select({
      member: chatMembers,
      user: {
        id: users.id,
        username: users.username,
        displayName: users.displayName,
        avatarUrl: users.avatarUrl,
        statusMessage: users.statusMessage,
      },
      sharesReadReceipts: users.privacyReadReceipts,
    })
    .from(chatMembers)
    .innerJoin(users, eq(users.id, chatMembers.userId))
    .where(inArray(chatMembers.chatId, chatIds))
    .orderBy(chatMembers.chatId, chatMembers.joinedAt, chatMembers.userId);
  return rows.map((r) => ({ ...r.member, user: r.user, sharesReadReceipts: r.sharesReadReceipts }));
}

export async function findMembership(db: Executor, chatId: string, userId: string): Promise<ChatMemberRow | null> {
  const [row] = await db
    .select()
    .from(chatMembers)
    .where(and(eq(chatMembers.chatId, chatId), eq(chatMembers.userId, userId)));
  return row ?? null;
}

export async function chatExists(db: Executor, chatId: string): Promise<boolean> {
  const [row] = await db.select({ id: chats.id }).from(chats).where(eq(chats.id, chatId));
  return row !== undefined;
}

export async function chatIdsOfUser(db: Executor, userId: string): Promise<string[]> {
  const rows = await db.select({ chatId: chatMembers.chatId }).from(chatMembers).where(eq(chatMembers.userId, userId));
  return rows.map((r) => r.chatId);
}

export async function existingUserIds(db: Executor, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.select({ id: users.id }).from(users).where(inArray(users.id, ids));
  return new Set(rows.map((r) => r.id));
}

/** Inserts the direct chat for a pair unless it exists; returns its id either way. */
export async function upsertDirectChat(
  db: Executor,
  meId: string,
  otherId: string,
): Promise<{ chatId: string; created: boolean }> {
  const directKey = [meId, otherId].sort().join(":");
  return db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(chats)
      .values({ type: "direct", directKey, createdBy: meId })
      .onConflictDoNothing({ target: chats.directKey })
      .returning({ id: chats.id });
    if (inserted) {
      await tx.insert(chatMembers).values([
        { chatId: inserted.id, userId: meId, role: "member" },
        { chatId: inserted.id, userId: otherId, role: "member" },
      ]);
      return { chatId: inserted.id, created: true };
    }
    const [existing] = await tx.select({ id: chats.id }).from(chats).where(eq(chats.directKey, directKey));
    if (!existing) throw new Error("direct chat vanished between insert and select");
    return { chatId: existing.id, created: false };
  });
}

export async function insertGroupChat(
  db: Executor,
  creatorId: string,
  values: { name: string; description: string | null; memberIds: string[] },
): Promise<string> {
  return db.transaction(async (tx) => {
    const [chat] = await tx
      .insert(chats)
      .values({ type: "group", name: values.name, description: values.description, createdBy: creatorId })
      .returning({ id: chats.id });
    if (!chat) throw new Error("insert returned no row");
    await tx
      .insert(chatMembers)
      .values([
        { chatId: chat.id, userId: creatorId, role: "admin" },
        ...values.memberIds.map((userId) => ({ chatId: chat.id, userId, role: "member" as const })),
      ]);
    return chat.id;
  });
}
