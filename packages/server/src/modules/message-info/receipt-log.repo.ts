import { sql } from "drizzle-orm";
import { type Executor, rowsOf } from "../../db/database.js";

export type MemberReceipt = {
  userId: string;
  displayName: string;
  sharesReadReceipts: boolean;
  deliveredSeq: number;
  readSeq: number;
  deliveredAt: Date | null;
  readAt: Date | null;
};

/**
 * For each member of the chat other than `senderId` who was there when the message was sent:
 * their pointers and when each first passed `seq`. The time is that of the first pointer move
 * (receipt_moves, written by receipts.repo.ts and the delivered batcher) with up_to_seq >= seq:
 * one primary-key index seek per member and kind, so a 1,000-member group costs 2,000 seeks
 * and the log grows with pointer moves, not with messages × members.
 */
export async function memberReceipts(
  db: Executor,
  chatId: string,
  senderId: string,
  seq: number,
  sentAt: Date,
): Promise<MemberReceipt[]> {
  const result = await db.execute(sql`
    SELECT m.user_id AS "userId", u.display_name AS "displayName",
      u.privacy_read_receipts AS "sharesReadReceipts",
      m.delivered_seq AS "deliveredSeq", m.read_seq AS "readSeq",
      (SELECT r.moved_at FROM receipt_moves r WHERE r.chat_id = m.chat_id AND r.user_id = m.user_id
        AND r.kind = 'delivered' AND r.up_to_seq >= ${seq} ORDER BY r.up_to_seq LIMIT 1) AS "deliveredAt",
      (SELECT r.moved_at FROM receipt_moves r WHERE r.chat_id = m.chat_id AND r.user_id = m.user_id
        AND r.kind = 'read' AND r.up_to_seq >= ${seq} ORDER BY r.up_to_seq LIMIT 1) AS "readAt"
    FROM chat_members m JOIN users u ON u.id = m.user_id
    WHERE m.chat_id = ${chatId} AND m.user_id <> ${senderId} AND m.joined_at <= ${sentAt.toISOString()}::timestamptz
    ORDER BY lower(u.display_name), m.user_id`);
  return rowsOf<{
    userId: string;
    displayName: string;
    sharesReadReceipts: boolean;
    deliveredSeq: number;
    readSeq: number;
    deliveredAt: Date | string | null;
    readAt: Date | string | null;
  }>(result).map((r) => ({
    ...r,
    deliveredAt: r.deliveredAt === null ? null : new Date(r.deliveredAt),
    readAt: r.readAt === null ? null : new Date(r.readAt),
  }));
}

/** The chat's type and whether the asking user shares read receipts. */
export async function viewerContext(db: Executor, chatId: string, userId: string) {
  const result = await db.execute(sql`
    SELECT c.type AS "chatType", u.privacy_read_receipts AS "sharesReadReceipts"
    FROM chats c, users u WHERE c.id = ${chatId} AND u.id = ${userId}`);
  return rowsOf<{ chatType: "direct" | "group" | "channel"; sharesReadReceipts: boolean }>(result)[0] ?? null;
}
