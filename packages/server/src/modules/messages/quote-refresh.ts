import { type Message, ServerEvent } from "@teamchat/protocol";
import { inArray, sql } from "drizzle-orm";
import type { AppContext } from "../../context.js";
import { rowsOf } from "../../db/database.js";
import { messages } from "../../db/schema.js";
import { chatRoom } from "../../realtime/rooms.js";
import { presentMessages } from "./message.presenter.js";

/**
 * Quotes are joined when read, so a deleted original is gone from every page the server gives
 * out. Copies already on devices still hold the old quote: every reply to the original takes a
 * new change_seq (so sync delivers it again) and is sent as message:updated. Replies already
 * stamped after the delete are skipped, so a retried delete repairs a run cut short by a crash.
 */
export async function refreshRepliesTo(ctx: AppContext, original: Message): Promise<void> {
  const result = await ctx.db.execute(sql`
    WITH stale AS (
      SELECT id, row_number() OVER (ORDER BY seq) AS rn, count(*) OVER () AS total FROM messages
      WHERE reply_to_id = ${original.id} AND chat_id = ${original.chatId} AND change_seq < ${original.changeSeq}
    ),
    bump AS (
      UPDATE chats SET change_seq = change_seq + (SELECT count(*) FROM stale)
      WHERE id = ${original.chatId} AND EXISTS (SELECT 1 FROM stale)
      RETURNING change_seq
    )
    UPDATE messages m SET change_seq = bump.change_seq - stale.total + stale.rn
    FROM stale, bump WHERE m.id = stale.id
    RETURNING m.id`);
  const ids = rowsOf<{ id: string }>(result).map((r) => r.id);
  if (ids.length === 0) return;
  const rows = await ctx.db.select().from(messages).where(inArray(messages.id, ids));
  for (const reply of await presentMessages(ctx.db, rows)) {
    ctx.io.to(chatRoom(reply.chatId)).emit(ServerEvent.messageUpdated, reply);
  }
}
