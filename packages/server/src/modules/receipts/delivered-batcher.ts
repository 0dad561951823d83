import { ServerEvent } from "@teamchat/protocol";
import { sql } from "drizzle-orm";
import type { Db } from "../../db/database.js";
import { rowsOf } from "../../db/database.js";
import { AppError } from "../../errors.js";
import type { ChatIo } from "../../realtime/io.js";
import { chatRoom } from "../../realtime/rooms.js";

/**
 * Delivered marks arrive about once per received message per device; writing each one was a
 * statement per message, as many as the sends themselves (docs/benchmarks.md). They are merged
 * per (chat, member) for a short window and written in one statement; the ✓✓ event goes out
 * when the batch is stored. The ack waits for the batch, so it still reports the stored pointer.
 */
export const DELIVERED_BATCH_MS = 200;
/** Rows per statement; a larger window is written in several statements. */
const MAX_ROWS = 1_000;

type Waiter = { resolve: (seq: number) => void; reject: (err: unknown) => void };
type PendingMark = { chatId: string; userId: string; seq: number; waiters: Waiter[] };

export class DeliveredBatcher {
  private pending = new Map<string, PendingMark>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly io: ChatIo,
  ) {}

  /** Resolves with the member's stored delivered pointer; rejects NOT_A_MEMBER for non-members. */
  mark(chatId: string, userId: string, seq: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const key = `${chatId}:${userId}`;
      const existing = this.pending.get(key);
      if (existing) {
        existing.seq = Math.max(existing.seq, seq);
        existing.waiters.push({ resolve, reject });
      } else {
        this.pending.set(key, { chatId, userId, seq, waiters: [{ resolve, reject }] });
      }
      this.timer ??= setTimeout(() => void this.flush(), DELIVERED_BATCH_MS);
    });
  }

  /** Writes everything pending now (also called on shutdown). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    if (batch.length === 0) return this.flushing;
    this.flushing = this.flushing.then(async () => {
      for (let i = 0; i < batch.length; i += MAX_ROWS) await this.write(batch.slice(i, i + MAX_ROWS));
    });
    return this.flushing;
  }

  private async write(batch: PendingMark[]): Promise<void> {
    const values = sql.join(
      batch.map((m) => sql`(${m.chatId}::uuid, ${m.userId}::uuid, ${m.seq}::int)`),
      sql`, `,
    );
    try {
      // Moves each pointer forward only, capped at the chat's last seq; returns every member
      // row of the batch with its pointer and whether this write moved it.
      const result = await this.db.execute(sql`
        WITH wanted (chat_id, user_id, seq) AS (VALUES ${values}),
        moved AS (
          UPDATE chat_members m SET delivered_seq = LEAST(w.seq, c.last_seq)
          FROM wanted w JOIN chats c ON c.id = w.chat_id
          WHERE m.chat_id = w.chat_id AND m.user_id = w.user_id AND m.delivered_seq < LEAST(w.seq, c.last_seq)
          RETURNING m.chat_id, m.user_id, m.delivered_seq
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
      for (const mark of batch) {
        const row = byKey.get(`${mark.chatId}:${mark.userId}`);
        if (!row?.member || row.delivered_seq === null) {
          for (const w of mark.waiters) w.reject(new AppError("NOT_A_MEMBER"));
          continue;
        }
        if (row.advanced) {
          const moved = movedByChat.get(mark.chatId) ?? [];
          moved.push({ userId: mark.userId, upToSeq: row.delivered_seq });
          movedByChat.set(mark.chatId, moved);
        }
        for (const w of mark.waiters) w.resolve(row.delivered_seq);
      }
      // One event per chat for the whole batch: in a group every member's mark would otherwise
      // be its own event to every member (members² frames per message).
      for (const [chatId, pointers] of movedByChat) {
        this.io.to(chatRoom(chatId)).emit(ServerEvent.messageDelivered, { chatId, pointers });
      }
    } catch (err) {
      for (const mark of batch) for (const w of mark.waiters) w.reject(err);
    }
  }
}
