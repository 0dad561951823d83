import { sql } from "drizzle-orm";
import { type Executor, rowsOf } from "../../db/database.js";

export type ChatHead = { chatId: string; lastSeq: number; changeSeq: number };

/**
 * The latest seq and changeSeq of every chat that got a message in the last `withinSeconds`
 * (by the database clock, so nodes' clocks do not matter). An index range on
 * `messages.created_at`: the cost follows the recent message rate, not the number of chats.
 */
export async function recentChatHeads(db: Executor, withinSeconds: number): Promise<ChatHead[]> {
  return rowsOf<{ id: string; last_seq: number; change_seq: number }>(
    await db.execute(sql`
      SELECT c.id, c.last_seq, c.change_seq FROM chats c
      WHERE c.id IN (SELECT m.chat_id FROM messages m WHERE m.created_at > now() - make_interval(secs => ${withinSeconds}))`),
  ).map((r) => ({ chatId: r.id, lastSeq: Number(r.last_seq), changeSeq: Number(r.change_seq) }));
}
