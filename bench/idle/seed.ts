import { sql } from "drizzle-orm";
import { type Database, rowsOf } from "../../packages/server/src/db/database.js";

/**
 * `count` users, paired into direct chats, inserted with two set-based statements. Registering
 * 10,000 users through the API would spend minutes in argon2, which this bench is not about;
 * the sockets still authenticate for real (JWT verified, user looked up, chats joined).
 */
export async function seedIdleUsers(database: Database, count: number): Promise<string[]> {
  await database.exec(`
    INSERT INTO users (username, display_name)
    SELECT 'idle-' || lpad(g::text, 6, '0'), 'Idle ' || g FROM generate_series(1, ${Math.floor(count)}) g;
    WITH u AS (SELECT id, row_number() OVER (ORDER BY username) - 1 AS i FROM users WHERE username LIKE 'idle-%'),
    pairs AS (
      SELECT least(a.id::text, b.id::text) AS lo, greatest(a.id::text, b.id::text) AS hi
      FROM u a JOIN u b ON b.i = a.i + 1 WHERE a.i % 2 = 0
    ),
    c AS (INSERT INTO chats (type, direct_key) SELECT 'direct', lo || ':' || hi FROM pairs RETURNING id, direct_key)
    INSERT INTO chat_members (chat_id, user_id)
    SELECT id, split_part(direct_key, ':', 1)::uuid FROM c
    UNION ALL SELECT id, split_part(direct_key, ':', 2)::uuid FROM c;`);
  const rows = rowsOf<{ id: string }>(
    await database.db.execute(sql`SELECT id FROM users WHERE username LIKE 'idle-%' ORDER BY username`),
  );
  return rows.map((r) => r.id);
}
