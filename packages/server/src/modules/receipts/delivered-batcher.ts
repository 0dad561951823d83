import { ServerEvent } from "@teamchat/protocol";
import { sql } from "drizzle-orm";
import { rowsOf, type StatementRunner } from "../../db/database.js";
import type { ChatIo } from "../../realtime/io.js";
import { chatRoom } from "../../realtime/rooms.js";
import { PointerBatcher, type PointerMark } from "./pointer-batcher.js";
import { wantedMarks } from "./receipts.repo.js";

/**
 * Delivered marks arrive about once per received message per device; writing each one was a
 * statement per message, as many as the sends themselves (docs/benchmarks.md). They are merged
 * per (chat, member) for a short window and written in one statement; the ✓✓ event goes out
 * when the batch is stored. The ack waits for the batch, so it still reports the stored pointer.
 */
export const DELIVERED_BATCH_MS = 200;
/**
 * Distinct members' marks that write the window at once, before its 200 ms are up. Under load
 * (1,000 marks/s) a full window was one ~200-row statement and a burst of ~600 frames, and every
 * send behind either waited: capping it at 64 cut the send tail's p95 by a third on both
 * storages (docs/benchmarks.md, session 14). 64 keeps a 50-member group's marks for one message
 * in one batch, so one ✓✓ event per chat.
 */
export const DELIVERED_FLUSH_AT_MARKS = 64;

/** Resolves each mark with the member's stored delivered pointer. */
export class DeliveredBatcher extends PointerBatcher<number> {
  /** `run`: the statement's runner (a prepared statement in the server). */
  constructor(run: StatementRunner, io: ChatIo, observeBatch?: (rows: number) => void) {
    super(DELIVERED_BATCH_MS, (batch) => storeDelivered(run, io, batch), observeBatch, DELIVERED_FLUSH_AT_MARKS);
  }
}

async function storeDelivered(run: StatementRunner, io: ChatIo, batch: PointerMark[]): Promise<(number | null)[]> {
  // Moves each pointer forward only, capped at the chat's last seq; returns every member
  // row of the batch with its pointer and whether this write moved it.
  const result = await run(sql`
    WITH wanted (chat_id, user_id, seq) AS (${wantedMarks(batch)}),
    -- Rows locked in key order, as the read batch does: two batches never wait on each other in a cycle.
    locked AS MATERIALIZED (
      SELECT m.chat_id, m.user_id FROM chat_members m JOIN wanted w ON w.chat_id = m.chat_id AND w.user_id = m.user_id
      ORDER BY m.chat_id, m.user_id FOR UPDATE OF m
    ),
    moved AS (
      UPDATE chat_members m SET delivered_seq = LEAST(w.seq, c.last_seq)
      FROM wanted w JOIN chats c ON c.id = w.chat_id JOIN locked l ON l.chat_id = w.chat_id AND l.user_id = w.user_id
      WHERE m.chat_id = w.chat_id AND m.user_id = w.user_id AND m.delivered_seq < LEAST(w.seq, c.last_seq)
      RETURNING m.chat_id, m.user_id, m.delivered_seq
    ),
    -- Logged for message info (when each pointer passed a message): one row per move.
    logged AS (
      INSERT INTO receipt_moves (chat_id, user_id, kind, up_to_seq)
      SELECT chat_id, user_id, 'delivered', delivered_seq FROM moved
      ON CONFLICT DO NOTHING
    )
    SELECT w.chat_id, w.user_id, COALESCE(moved.delivered_seq, m.delivered_seq) AS delivered_seq,
      moved.chat_id IS NOT NULL AS advanced, m.user_id IS NOT NULL AS member
    FROM wanted w
    LEFT JOIN moved ON moved.chat_id = w.chat_id AND moved.user_id = w.user_id
    LEFT JOIN chat_members m ON m.chat_id = w.chat_id AND m.user_id = w.user_id`);
  const rows = rowsOf<{
    chat_id: string;
    user_id: string;
    delivered_seq: number | null;
    advanced: boolean;
    member: boolean;
  }>(result);
  const byKey = new Map(rows.map((r) => [`${r.chat_id}:${r.user_id}`, r]));
  const movedByChat = new Map<string, { userId: string; upToSeq: number }[]>();
  const stored = batch.map((mark) => {
    const row = byKey.get(`${mark.chatId}:${mark.userId}`);
    if (!row?.member || row.delivered_seq === null) return null;
    if (row.advanced) {
      const moved = movedByChat.get(mark.chatId) ?? [];
      moved.push({ userId: mark.userId, upToSeq: row.delivered_seq });
      movedByChat.set(mark.chatId, moved);
    }
    return row.delivered_seq;
  });
  // One event per chat for the whole batch: in a group every member's mark would otherwise
  // be its own event to every member (members² frames per message).
  for (const [chatId, pointers] of movedByChat) {
    io.to(chatRoom(chatId)).emit(ServerEvent.messageDelivered, { chatId, pointers });
  }
  return stored;
}
