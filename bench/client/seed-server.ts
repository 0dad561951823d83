import type { Message } from "@teamchat/protocol";
import type { Database } from "../../packages/server/src/db/database.js";
import { messages as messagesTable } from "../../packages/server/src/db/schema.js";
import { uuidLiteral } from "../lib/seed-database.js";

/** 8 columns per row: 5,000 rows stay well under PostgreSQL's 65,535 parameters per statement. */
const ROWS_PER_INSERT = 5_000;

/**
 * Writes the generated history into the server's database (run while the server is stopped:
 * PGlite has one owner at a time), with the chat's counters moved to match, exactly as if the
 * server had stored each message: chats.last_seq / change_seq at the newest message, and
 * both members' read and delivered pointers there too, so the chat opens at the bottom with no
 * unread separator. Multi-row inserts with parameters rather than generate_series, because the
 * bodies come from the generator the browser cache is filled from.
 */
export async function seedServerHistory(
  database: Database,
  chatId: string,
  history: Message[],
  progress: (done: number) => void,
): Promise<void> {
  for (let from = 0; from < history.length; from += ROWS_PER_INSERT) {
    const rows = history.slice(from, from + ROWS_PER_INSERT).map((m) => ({
      id: m.id,
      chatId: m.chatId,
      seq: m.seq,
      senderId: m.senderId,
      clientId: m.clientId,
      kind: m.kind,
      body: m.body,
      createdAt: new Date(m.createdAt),
      changeSeq: m.changeSeq,
    }));
    await database.db.insert(messagesTable).values(rows);
    progress(from + rows.length);
  }
  const newest = history.at(-1);
  if (!newest) return;
  const chat = uuidLiteral(chatId);
  const newestAt = new Date(newest.createdAt).toISOString(); // re-formatted: nothing else reaches the SQL
  await database.exec(`
    UPDATE chats SET last_seq = ${newest.seq}, change_seq = ${newest.changeSeq},
      last_activity_at = '${newestAt}'::timestamptz
      WHERE id = ${chat};
    UPDATE chat_members SET read_seq = ${newest.seq}, delivered_seq = ${newest.seq}
      WHERE chat_id = ${chat};
    ANALYZE messages;`);
}
