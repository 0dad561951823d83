import { and, eq, inArray, sql } from "drizzle-orm";
import { type Executor, rowsOf } from "../../db/database.js";
import { rawColumns } from "../../db/raw-columns.js";
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
import { uuidArray } from "../messages/messages.repo.js";

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

const CHAT = rawColumns(chats, "c");
const LAST_MESSAGE = rawColumns(messages, "m");
const MEMBER = rawColumns(chatMembers, "cm");

/**
 * The user's chats, newest activity first, with last message and unread count. Hand-written SQL
 * read through `rawColumns`: every client asks for this list first (docs/benchmarks.md).
 */
export async function listChatSummaries(db: Executor, userId: string, onlyChatId?: string): Promise<ChatSummaryRow[]> {
  // Unread = messages after my read pointer that I did not send. Seqs are gap-free, so that is
  // the distance to the last seq minus my own messages after the pointer (usually none): an
  // index-only probe per chat instead of visiting every unread message. Unread mentions of me
  // are scanned only in chats with unread messages, through the partial index of messages that
  // mention someone (migration 0016).
  const result = await db.execute(sql`
    SELECT ${CHAT.select}, ${LAST_MESSAGE.select}, ${MEMBER.select},
      (c.last_seq - cm.read_seq - (SELECT count(*)::int FROM messages x
        WHERE x.chat_id = cm.chat_id AND x.sender_id = cm.user_id AND x.seq > cm.read_seq)
        -- Others' messages I deleted for myself are not waiting for me either (hides are few).
        - (SELECT count(*)::int FROM message_hides h JOIN messages hm ON hm.id = h.message_id
          WHERE h.user_id = cm.user_id AND h.chat_id = cm.chat_id AND hm.seq > cm.read_seq
            AND hm.sender_id IS DISTINCT FROM cm.user_id)) AS unread_count,
      (CASE WHEN c.last_seq > cm.read_seq THEN (SELECT count(*)::int FROM messages x
        WHERE x.chat_id = cm.chat_id AND x.seq > cm.read_seq AND cardinality(x.mentions) > 0
          AND x.mentions @> ARRAY[cm.user_id] AND x.deleted_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM message_hides h WHERE h.user_id = cm.user_id AND h.message_id = x.id))
        ELSE 0 END) AS mention_count
    FROM chat_members cm
    JOIN chats c ON c.id = cm.chat_id
    -- A last message I deleted for myself is no preview of mine.
    LEFT JOIN messages m ON m.chat_id = c.id AND m.seq = c.last_seq
      AND NOT EXISTS (SELECT 1 FROM message_hides h WHERE h.user_id = ${userId} AND h.message_id = m.id)
    WHERE cm.user_id = ${userId} ${onlyChatId ? sql`AND cm.chat_id = ${onlyChatId}` : sql``}
    ORDER BY c.last_activity_at DESC, c.id DESC`);
  return rowsOf<Record<string, unknown>>(result).map((row) => {
    const me = MEMBER.read(row);
    return {
      chat: CHAT.read(row),
      me: {
        role: me.role,
        readSeq: me.readSeq,
        deliveredSeq: me.deliveredSeq,
        mutedUntil: me.mutedUntil,
        archived: me.archived,
        pinnedAt: me.pinnedAt,
      },
      lastMessage: LAST_MESSAGE.present(row) ? LAST_MESSAGE.read(row) : null,
      unreadCount: Number(row.unread_count),
      mentionCount: Number(row.mention_count),
      left: null,
    };
  });
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
  const result = await db.execute(sql`
    SELECT ${MEMBER.select}, u.id AS u_id, u.username AS u_username, u.display_name AS u_display_name,
      u.avatar_url AS u_avatar_url, u.status_message AS u_status_message, u.privacy_read_receipts AS u_shares
    FROM chat_members cm JOIN users u ON u.id = cm.user_id
    WHERE cm.chat_id = ANY(${uuidArray(chatIds)}::uuid[])
    ORDER BY cm.chat_id, cm.joined_at, cm.user_id`);
  return rowsOf<Record<string, unknown>>(result).map((row) => ({
    ...MEMBER.read(row),
    user: {
      id: row.u_id as string,
      username: row.u_username as string,
      displayName: row.u_display_name as string,
      avatarUrl: row.u_avatar_url as string | null,
      statusMessage: row.u_status_message as string | null,
    },
    sharesReadReceipts: row.u_shares as boolean,
  }));
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
