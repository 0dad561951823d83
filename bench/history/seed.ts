import type { Database } from "../../packages/server/src/db/database.js";
import { uuidLiteral } from "../lib/seed-database.js";

export type HistoryIds = { bigChatId: string; readerId: string; peerId: string; otherChatIds: string[] };

/** Words chosen so search has a rare, a medium and a very common term (see measure.ts). */
export const SEARCH_TERMS = {
  rare: "needle", // every 1,000th message
  medium: "topic17", // every 50th
  common: "status", // every 10th
} as const;

const BATCH = 100_000;

/**
 * Bulk-seeds with INSERT … SELECT generate_series (one statement per 100,000 rows, not one per
 * row): the big chat gets `messages` alternating between reader and peer, each other chat gets
 * `perChat` from the peer. The reader has read all but 100 of the big chat and 3/4 of the others,
 * so unread counts are real work. Seqs and chats.last_seq are kept consistent like the server's.
 */
export async function seedHistory(
  database: Database,
  ids: HistoryIds,
  messages: number,
  perChat: number,
  progress: (done: number) => void,
): Promise<void> {
  const big = uuidLiteral(ids.bigChatId);
  const reader = uuidLiteral(ids.readerId);
  const peer = uuidLiteral(ids.peerId);
  for (let from = 1; from <= messages; from += BATCH) {
    const to = Math.min(messages, from + BATCH - 1);
    await database.exec(`
      INSERT INTO messages (chat_id, seq, sender_id, client_id, kind, body, created_at)
      SELECT ${big}, g, CASE WHEN g % 2 = 0 THEN ${reader} ELSE ${peer} END, NULL, 'text',
        'message ' || g || ' about topic' || (g % 50)
          || CASE WHEN g % 10 = 0 THEN ' status update' ELSE '' END
          || CASE WHEN g % 1000 = 0 THEN ' needle' ELSE '' END,
        now() - make_interval(secs => ${messages} - g)
      FROM generate_series(${from}, ${to}) g`);
    progress(to);
  }
  await database.exec(`
    UPDATE chats SET last_seq = ${messages}, last_activity_at = now() WHERE id = ${big};
    UPDATE chat_members SET read_seq = GREATEST(0, ${messages} - 100), delivered_seq = ${messages}
      WHERE chat_id = ${big} AND user_id = ${reader};`);
  if (ids.otherChatIds.length > 0 && perChat > 0) {
    const others = ids.otherChatIds.map(uuidLiteral).join(", ");
    await database.exec(`
      INSERT INTO messages (chat_id, seq, sender_id, client_id, kind, body, created_at)
      SELECT c.id, g, ${peer}, NULL, 'text', 'small chat message ' || g, now() - make_interval(secs => 100000 - g)
      FROM chats c CROSS JOIN generate_series(1, ${perChat}) g WHERE c.id IN (${others});
      UPDATE chats SET last_seq = ${perChat}, last_activity_at = now() - interval '1 hour' WHERE id IN (${others});
      UPDATE chat_members SET read_seq = ${Math.floor((perChat * 3) / 4)}
        WHERE user_id = ${reader} AND chat_id IN (${others});`);
  }
  await database.exec("ANALYZE");
}
