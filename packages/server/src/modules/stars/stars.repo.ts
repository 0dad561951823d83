import { inArray, sql } from "drizzle-orm";
import { type Executor, rowsOf } from "../../db/database.js";
import type { MessageRow } from "../../db/schema.js";
import { messages } from "../../db/schema.js";

/** Stars a message for the user; returns when (the first star's time if already starred). */
export async function insertStar(db: Executor, userId: string, chatId: string, messageId: string): Promise<Date> {
  const result = await db.execute(sql`
    INSERT INTO starred_messages (user_id, message_id, chat_id) VALUES (${userId}, ${messageId}, ${chatId})
    ON CONFLICT (user_id, message_id) DO UPDATE SET user_id = EXCLUDED.user_id
    RETURNING starred_at AS "starredAt"`);
  const at = rowsOf<{ starredAt: Date | string }>(result)[0]?.starredAt;
  return new Date(at ?? Date.now());
}

export async function deleteStar(db: Executor, userId: string, messageId: string): Promise<void> {
  await db.execute(sql`DELETE FROM starred_messages WHERE user_id = ${userId} AND message_id = ${messageId}`);
}

/**
 * My starred messages, newest star first, only those I can still read: not deleted for
 * everyone or for me, in a chat I am a member of (or a former member's readable range).
 */
export async function starredOf(db: Executor, userId: string, limit: number) {
  const result = await db.execute(sql`
    SELECT s.message_id AS "messageId", s.starred_at AS "starredAt"
    FROM starred_messages s JOIN messages m ON m.id = s.message_id
    WHERE s.user_id = ${userId} AND m.deleted_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM message_hides h WHERE h.user_id = ${userId} AND h.message_id = m.id)
      AND (EXISTS (SELECT 1 FROM chat_members cm WHERE cm.chat_id = m.chat_id AND cm.user_id = ${userId})
        OR EXISTS (SELECT 1 FROM chat_former_members f WHERE f.chat_id = m.chat_id AND f.user_id = ${userId}
          AND m.seq <= f.left_at_seq))
    ORDER BY s.starred_at DESC LIMIT ${limit}`);
  const stars = rowsOf<{ messageId: string; starredAt: Date | string }>(result);
  if (stars.length === 0) return [];
  const rows: MessageRow[] = await db
    .select()
    .from(messages)
    .where(
      inArray(
        messages.id,
        stars.map((s) => s.messageId),
      ),
    );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return stars.flatMap((s) => {
    const row = byId.get(s.messageId);
    return row ? [{ row, starredAt: new Date(s.starredAt) }] : [];
  });
}
