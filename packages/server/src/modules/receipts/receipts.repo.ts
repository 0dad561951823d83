import { type SQL, sql } from "drizzle-orm";
import { arrayLiteral } from "../../db/array-literal.js";
import { type Executor, rowsOf, type StatementRunner } from "../../db/database.js";
import type { PointerMark } from "./pointer-batcher.js";

export type ReadPointer = {
  readSeq: number;
  /** Whether this write moved the pointer (only then is anyone told). */
  advanced: boolean;
  unreadCount: number;
  mentionCount: number;
  sharesReadReceipts: boolean;
  /** In a direct chat, whether the other person shares read receipts (if not, they see none). */
  peerSharesReadReceipts: boolean;
  chatType: "direct" | "group" | "channel";
  /** A direct chat whose two people blocked one another (either way): the pointer stays private. */
  blocked: boolean;
};

/**
 * Moves the read pointers of a batch (read implies delivered) forward, never back and never past
 * the chat's last seq, in one statement; each move is logged (receipt_moves) for message info.
 * Returns, in the batch's order, each member's stored pointer with the unread and mention counts
 * after it, or null for a non-member.
 */
export async function advanceReadPointers(run: StatementRunner, marks: PointerMark[]): Promise<(ReadPointer | null)[]> {
  // `old` locks the rows in key order (as the delivered batch does: no deadlock between batches)
  // and keeps the pointers before the write, so the log and `advanced` know what moved.
  const result = await run(sql`
    WITH wanted (chat_id, user_id, seq) AS (${wantedMarks(marks)}),
    old AS MATERIALIZED (
      SELECT m.chat_id, m.user_id, m.delivered_seq AS d_before, m.read_seq AS r_before,
        LEAST(w.seq, c.last_seq) AS target, c.last_seq, c.type AS chat_type
      FROM wanted w
      JOIN chat_members m ON m.chat_id = w.chat_id AND m.user_id = w.user_id
      JOIN chats c ON c.id = w.chat_id
      ORDER BY m.chat_id, m.user_id
      FOR UPDATE OF m
    ),
    moved AS (
      UPDATE chat_members m SET read_seq = o.target, delivered_seq = GREATEST(m.delivered_seq, o.target)
      FROM old o
      WHERE m.chat_id = o.chat_id AND m.user_id = o.user_id AND o.target > o.r_before
      RETURNING m.chat_id, m.user_id, m.delivered_seq, m.read_seq, o.d_before, o.r_before
    ),
    logged AS (
      INSERT INTO receipt_moves (chat_id, user_id, kind, up_to_seq)
      SELECT mv.chat_id, mv.user_id, k.kind, k.seq FROM moved mv,
        LATERAL (VALUES ('delivered', mv.delivered_seq, mv.d_before), ('read', mv.read_seq, mv.r_before)) AS k (kind, seq, before)
      WHERE k.seq > k.before
      ON CONFLICT DO NOTHING
    ),
    state AS (
      SELECT o.chat_id, o.user_id, o.chat_type, o.last_seq, COALESCE(mv.read_seq, o.r_before) AS read_seq,
        mv.chat_id IS NOT NULL AS advanced
      FROM old o LEFT JOIN moved mv ON mv.chat_id = o.chat_id AND mv.user_id = o.user_id
    )
    SELECT s.chat_id, s.user_id, s.read_seq AS "readSeq", s.advanced, s.chat_type AS "chatType",
      u.privacy_read_receipts AS "sharesReadReceipts",
      ${unreadCountSql(sql`s.chat_id`, sql`s.user_id`, sql`s.read_seq`, sql`s.last_seq`)} AS "unreadCount",
      ${mentionCountSql(sql`s.chat_id`, sql`s.user_id`, sql`s.read_seq`)} AS "mentionCount",
      COALESCE((SELECT bool_and(pu.privacy_read_receipts) FROM chat_members pm JOIN users pu ON pu.id = pm.user_id
        WHERE pm.chat_id = s.chat_id AND pm.user_id <> s.user_id), true) AS "peerSharesReadReceipts",
      (s.chat_type = 'direct' AND EXISTS (SELECT 1 FROM chat_members pm JOIN user_blocks b
        ON (b.blocker_id = pm.user_id AND b.blocked_id = s.user_id) OR (b.blocker_id = s.user_id AND b.blocked_id = pm.user_id)
        WHERE pm.chat_id = s.chat_id AND pm.user_id <> s.user_id)) AS "blocked"
    FROM state s JOIN users u ON u.id = s.user_id`);
  const rows = rowsOf<ReadPointer & { chat_id: string; user_id: string }>(result);
  const byKey = new Map(rows.map(({ chat_id, user_id, ...pointer }) => [`${chat_id}:${user_id}`, pointer]));
  return marks.map((m) => byKey.get(`${m.chatId}:${m.userId}`) ?? null);
}

/**
 * A batch's marks as one array per column, so a pointer statement's text is the same for every
 * batch size and it is parsed and planned once (a VALUES row per mark was parsed and planned on
 * every batch: docs/benchmarks.md, "Pointer batches prepared").
 */
export function wantedMarks(marks: PointerMark[]): SQL {
  return sql`SELECT * FROM unnest(${arrayLiteral(marks.map((m) => m.chatId))}::uuid[],
    ${arrayLiteral(marks.map((m) => m.userId))}::uuid[], ${arrayLiteral(marks.map((m) => String(m.seq)))}::int[])`;
}

/**
 * Messages after the read pointer not sent by the user and not hidden by them: the same rule as
 * the chat list (modules/chats/chats.repo.ts); seqs are gap-free, so no scan of the chat.
 */
function unreadCountSql(chatId: SQL, userId: SQL, readSeq: SQL, lastSeq: SQL): SQL {
  return sql`(${lastSeq} - ${readSeq} - (SELECT count(*)::int FROM messages x
      WHERE x.chat_id = ${chatId} AND x.sender_id = ${userId} AND x.seq > ${readSeq})
      - (SELECT count(*)::int FROM message_hides h JOIN messages hm ON hm.id = h.message_id
        WHERE h.user_id = ${userId} AND h.chat_id = ${chatId} AND hm.seq > ${readSeq}
          AND hm.sender_id IS DISTINCT FROM ${userId}))::int`;
}

/** Unread messages that mention the user (the same rule as the chat list's mentionCount). */
function mentionCountSql(chatId: SQL, userId: SQL, readSeq: SQL): SQL {
  return sql`(SELECT count(*)::int FROM messages mm
    WHERE mm.chat_id = ${chatId} AND mm.seq > ${readSeq} AND cardinality(mm.mentions) > 0
      AND mm.mentions @> ARRAY[${userId}]::uuid[] AND mm.deleted_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM message_hides h WHERE h.user_id = ${userId} AND h.message_id = mm.id))`;
}

/** Unread messages that mention the user, for one member at a given read pointer. */
export async function countUnreadMentions(db: Executor, chatId: string, userId: string, readSeq: number) {
  const result = await db.execute(
    sql`SELECT ${mentionCountSql(sql`${chatId}::uuid`, sql`${userId}::uuid`, sql`${readSeq}::int`)} AS n`,
  );
  return rowsOf<{ n: number }>(result)[0]?.n ?? 0;
}

/** Unread messages for one member at a given read pointer. */
export async function countUnread(db: Executor, chatId: string, userId: string, readSeq: number): Promise<number> {
  const result = await db.execute(sql`
    SELECT ${unreadCountSql(sql`c.id`, sql`${userId}::uuid`, sql`${readSeq}::int`, sql`c.last_seq`)} AS n
    FROM chats c WHERE c.id = ${chatId}`);
  return rowsOf<{ n: number }>(result)[0]?.n ?? 0;
}
