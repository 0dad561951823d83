/**
 * The announcement statement (chat-list.repo.ts `readChatViews`): what one (viewer, chat) pair
 * costs when read alone and in batches, without sockets. 1,000 users in 500 direct chats of 50
 * messages; each batch size is read `--iterations` times (medians).
 *
 *   npx tsx bench/store/chat-views.ts --storage pglite
 *   DATABASE_URL=… npx tsx bench/store/chat-views.ts --storage postgres
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { type Database, openDatabase } from "../../packages/server/src/db/database.js";
import { migrate } from "../../packages/server/src/db/migrate.js";
import { readChatViews } from "../../packages/server/src/modules/chats/chat-list.repo.js";
import { parseArgs } from "../lib/args.js";
import { createScratchDatabase } from "../lib/postgres-db.js";
import { formatTable, writeResults } from "../lib/results.js";
import { round } from "../lib/stats.js";

const args = parseArgs({ storage: "pglite", iterations: 15, out: "" });
if (args.storage !== "pglite" && args.storage !== "postgres") throw new Error("--storage is pglite or postgres");
if (args.iterations < 1 || args.iterations > 1000) throw new Error("--iterations must be in [1, 1000]");

type Pair = { userId: string; chatId: string };

async function seed(database: Database): Promise<Pair[]> {
  await database.exec(`
    INSERT INTO users (username, display_name) SELECT 'u' || g, 'User ' || g FROM generate_series(1, 1000) g;
    CREATE TEMP TABLE nu AS SELECT id, row_number() OVER (ORDER BY username) n FROM users;
    INSERT INTO chats (type, direct_key, last_seq) SELECT 'direct', 'k' || g, 50 FROM generate_series(1, 500) g;
    CREATE TEMP TABLE nc AS SELECT id, row_number() OVER (ORDER BY direct_key) n FROM chats;
    INSERT INTO chat_members (chat_id, user_id, role)
      SELECT nc.id, nu.id, 'member' FROM nc JOIN nu ON nu.n IN (2 * nc.n - 1, 2 * nc.n);
    INSERT INTO messages (chat_id, seq, sender_id, kind, body)
      SELECT nc.id, g, nu.id, 'text', 'hello ' || g FROM nc JOIN nu ON nu.n = 2 * nc.n - 1 CROSS JOIN generate_series(1, 50) g;
    ANALYZE;`);
  // The peers: each reads a chat whose 50 messages came from the other person (all unread).
  const { rows } = await database.prepared("bench_views_peers", {
    text: `SELECT m.user_id::text AS "userId", m.chat_id::text AS "chatId" FROM chat_members m
      WHERE NOT EXISTS (SELECT 1 FROM messages x WHERE x.chat_id = m.chat_id AND x.sender_id = m.user_id)
      ORDER BY m.chat_id`,
    params: [],
  });
  return rows as Pair[];
}

async function measure(database: Database, pairs: Pair[]) {
  const results = [];
  for (const size of [1, 10, 30, 100, 200]) {
    const times: number[] = [];
    for (let i = 0; i < args.iterations; i++) {
      const from = (i * 37) % (pairs.length - size + 1);
      const wanted = pairs.slice(from, from + size);
      const start = performance.now();
      const list = await readChatViews(database, wanted);
      times.push(performance.now() - start);
      if (list.current.length !== size) throw new Error(`asked ${size} views, got ${list.current.length}`);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)] ?? 0;
    results.push({ pairs: size, medianMs: round(median, 2), msPerPair: round(median / size, 3) });
  }
  return results;
}

const dir = await mkdtemp(path.join(os.tmpdir(), "chat-views-bench-"));
const adminUrl = process.env.DATABASE_URL;
if (args.storage === "postgres" && !adminUrl) throw new Error("--storage postgres needs DATABASE_URL");
const scratch = adminUrl && args.storage === "postgres" ? await createScratchDatabase(adminUrl, "bench_views") : null;
const database = await openDatabase(
  scratch ? { kind: "postgres", url: scratch.url, poolSize: 2 } : { kind: "pglite", dataDir: path.join(dir, "db") },
);
try {
  await migrate(database);
  const results = await measure(database, await seed(database));
  console.log(formatTable(results.map((r) => ({ storage: args.storage, ...r }))));
  await writeResults(
    "chat-views",
    { kind: "chat-views", at: new Date().toISOString(), args, results },
    args.out || undefined,
  );
} finally {
  await database.close();
  await scratch?.drop();
  await rm(dir, { recursive: true, force: true });
}
