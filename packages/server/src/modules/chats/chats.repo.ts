import { and, eq, inArray } from "drizzle-orm";
import type { Executor } from "../../db/database.js";
import {
  type ChatFormerMemberRow,
  type ChatMemberRow,
  type ChatRow,
  chatFormerMembers,
  chatMembers,
  chats,
  type MessageRow,
  users,
} from "../../db/schema.js";
import { insertSystemMessage } from "../messages/messages.repo.js";

/** What a chat summary shows of the chat row (the chat list leaves the rest out). */
export type ListedChatRow = Omit<ChatRow, "directKey" | "createdBy" | "unlistedFor">;

export type ChatSummaryRow = {
  chat: ListedChatRow;
  me: Pick<ChatMemberRow, "role" | "readSeq" | "deliveredSeq" | "mutedUntil" | "archived" | "pinnedAt">;
  lastMessage: MessageRow | null;
  unreadCount: number;
  /** Unread messages that mention me. */
  mentionCount: number;
  /**
   * Set when the user is a former member: what they can still see ends there (`changeSeq`: the
   * head of their change feed, which only a later delete for everyone moves past the departure).
   */
  left: { seq: number; changeSeq: number; at: Date } | null;
};

/** A member as a chat summary shows it: not their own settings (mute, archive, pin) for the chat. */
export type MemberWithUserRow = Pick<
  ChatMemberRow,
  "chatId" | "userId" | "role" | "joinedAt" | "deliveredSeq" | "readSeq"
> & {
  user: {
    id: string;
    username: string;
    displayName: string;
    avatarUrl: string | null;
    statusMessage: string | null;
    avatarFileId: string | null;
  };
  sharesReadReceipts: boolean;
};

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
      .values({ type: "direct", directKey, createdBy: meId, unlistedFor: otherId })
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

/**
 * `notice`: the host app's "Group created by …" (admin API), the group's first message, which
 * every member has already read and received (a new group is not unread news).
 */
export async function insertGroupChat(
  db: Executor,
  creatorId: string,
  values: { name: string; description: string | null; memberIds: string[]; notice?: string | undefined },
): Promise<string> {
  return db.transaction(async (tx) => {
    const [chat] = await tx
      .insert(chats)
      .values({ type: "group", name: values.name, description: values.description, createdBy: creatorId })
      .returning({ id: chats.id });
    if (!chat) throw new Error("insert returned no row");
    const seen = await initialNotice(tx, chat.id, values.notice);
    await tx
      .insert(chatMembers)
      .values([
        { chatId: chat.id, userId: creatorId, role: "admin" as const, ...seen },
        ...values.memberIds.map((userId) => ({ chatId: chat.id, userId, role: "member" as const, ...seen })),
      ]);
    return chat.id;
  });
}

/** Writes a new chat's first message (a notice) when there is one: members start past it. */
export async function initialNotice(tx: Executor, chatId: string, notice: string | undefined) {
  if (notice === undefined) return {};
  const { seq } = await insertSystemMessage(tx, chatId, notice, "notice");
  return { deliveredSeq: seq, readSeq: seq };
}
