import { sql } from "drizzle-orm";
import { type Executor, rowsOf } from "../../db/database.js";

export type PointerUpdate = {
  deliveredSeq: number;
  readSeq: number;
  advanced: boolean;
  sharesReadReceipts: boolean;
  /** In a direct chat, whether the other person shares read receipts (if not, they see none). */
  peerSharesReadReceipts: boolean;
  chatType: "direct" | "group" | "channel";
};

/**
 * Moves a member's delivered (or read, which implies delivered) pointer forward, never back,
 * and never past the chat's last seq. Returns null when the user is not a member.
 */
export async function advancePointer(
  db: Executor,
  kind: "delivered" | "read",
  chatId: string,
  userId: string,
  upToSeq: number,
): Promise<PointerUpdate | null> {
  const target = sql`LEAST(${upToSeq}::int, c.last_seq)`;
  const assignments =
    kind === "read"
      ? sql`read_seq = GREATEST(m.read_seq, ${target}), delivered_seq = GREATEST(m.delivered_seq, ${target})`
      : sql`delivered_seq = GREATEST(m.delivered_seq, ${target})`;
  const pointer = kind === "read" ? sql`m.read_seq` : sql`m.delivered_seq`;
  // The CTE reads the old pointer so we know whether anything moved (and whom to tell).
  const result = await db.execute(sql`
    WITH old AS (
      SELECT m.chat_id, m.user_id, ${pointer} AS before FROM chat_members m
      WHERE m.chat_id = ${chatId} AND m.user_id = ${userId} FOR UPDATE
    )
    UPDATE chat_members m SET ${assignments}
    FROM chats c, old, users u
    WHERE c.id = m.chat_id AND old.chat_id = m.chat_id AND old.user_id = m.user_id AND u.id = m.user_id
    RETURNING m.delivered_seq AS "deliveredSeq", m.read_seq AS "readSeq", old.before AS "before",
      u.privacy_read_receipts AS "sharesReadReceipts", c.type AS "chatType",
      COALESCE((SELECT bool_and(pu.privacy_read_receipts) FROM chat_members pm JOIN users pu ON pu.id = pm.user_id
        WHERE pm.chat_id = m.chat_id AND pm.user_id <> m.user_id), true) AS "peerSharesReadReceipts"`);
  const [row] = rowsOf<{
    deliveredSeq: number;
    readSeq: number;
    before: number;
    sharesReadReceipts: boolean;
    peerSharesReadReceipts: boolean;
    chatType: "direct" | "group" | "channel";
  }>(result);
  if (!row) return null;
  const after = kind === "read" ? row.readSeq : row.deliveredSeq;
  return {
    deliveredSeq: row.deliveredSeq,
    readSeq: row.readSeq,
    advanced: after > row.before,
    sharesReadReceipts: row.sharesReadReceipts,
    peerSharesReadReceipts: row.peerSharesReadReceipts,
    chatType: row.chatType,
  };
}

/** Unread messages that mention the user (the same rule as the chat list's mentionCount). */
export async function countUnreadMentions(db: Executor, chatId: string, userId: string, readSeq: number) {
  const result = await db.execute(sql`
    SELECT count(*)::int AS n FROM messages
    WHERE chat_id = ${chatId} AND seq > ${readSeq} AND cardinality(mentions) > 0
      AND mentions @> ARRAY[${userId}]::uuid[] AND deleted_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM message_hides h WHERE h.user_id = ${userId} AND h.message_id = messages.id)`);
  return rowsOf<{ n: number }>(result)[0]?.n ?? 0;
}

/** Messages after the read pointer not sent by the user: the same rule as the chat list. */
export async function countUnread(db: Executor, chatId: string, userId: string, readSeq: number): Promise<number> {
  // Same formula as the chat list (modules/chats/chats.repo.ts): seqs are gap-free.
  const result = await db.execute(sql`
    SELECT (c.last_seq - ${readSeq} - (SELECT count(*)::int FROM messages x
      WHERE x.chat_id = c.id AND x.sender_id = ${userId} AND x.seq > ${readSeq})
      - (SELECT count(*)::int FROM message_hides h JOIN messages hm ON hm.id = h.message_id
        WHERE h.user_id = ${userId} AND h.chat_id = c.id AND hm.seq > ${readSeq}
          AND hm.sender_id IS DISTINCT FROM ${userId}))::int AS n
    FROM chats c WHERE c.id = ${chatId}`);
  return rowsOf<{ n: number }>(result)[0]?.n ?? 0;
}
