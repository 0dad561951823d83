/**
 * Message info bench: a group of --members members with --messages messages, every member's
 * delivered and read pointers moved in steps (the receipt_moves log the server writes), then
 * the message-info query (modules/message-info/receipt-log.repo.ts) for random messages,
 * beside a baseline in the same run: the members-with-pointers read every chat view already
 * does (no per-message times). Also prints the log's size beside what a row per message and
 * member would need.
 *
 *   npm run bench:message-info -- --members 1000 --messages 2000 --iterations 200
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { rowsOf } from "../../packages/server/src/db/database.js";
import { memberReceipts } from "../../packages/server/src/modules/message-info/receipt-log.repo.js";
import { parseArgs } from "../lib/args.js";
import { createScratchDatabase } from "../lib/postgres-db.js";
import { formatTable, writeResults } from "../lib/results.js";
import { withStorage } from "../lib/seed-database.js";
import { percentiles, round, timeIt } from "../lib/stats.js";

const args = parseArgs({
  members: 1_000,
  messages: 2_000,
  /** Each member's delivered pointer moves every `deliveredStep` messages, read every `readStep`. */
  deliveredStep: 10,
  readStep: 25,
  iterations: 200,
  storages: process.env.DATABASE_URL ? "postgres,pglite" : "pglite",
  out: "",
});

async function runStorage(storage: "postgres" | "pglite") {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "teamchat-info-"));
  const adminUrl = process.env.DATABASE_URL;
  const scratch = storage === "postgres" && adminUrl ? await createScratchDatabase(adminUrl, "bench_info") : null;
  try {
    return await withStorage({ dataDir, databaseUrl: scratch?.url }, async (database) => {
      const db = database.db;
      const seedStart = performance.now();
      await db.execute(sql`INSERT INTO users (username, display_name)
        SELECT 'member' || i, 'Member ' || i FROM generate_series(1, ${args.members}::int) i`);
      const [sender] = rowsOf<{ id: string }>(await db.execute(sql`SELECT id FROM users WHERE username = 'member1'`));
      if (!sender) throw new Error("no sender");
      const [chat] = rowsOf<{ id: string }>(
        await db.execute(sql`INSERT INTO chats (type, name, last_seq, created_at)
          VALUES ('group', 'bench', ${args.messages}, now() - interval '2 days') RETURNING id`),
      );
      if (!chat) throw new Error("no chat");
      await db.execute(sql`INSERT INTO chat_members (chat_id, user_id, joined_at, delivered_seq, read_seq)
        SELECT ${chat.id}, id, now() - interval '2 days', ${args.messages}, ${args.messages} FROM users`);
      await db.execute(sql`INSERT INTO messages (chat_id, seq, sender_id, client_id, body, created_at)
        SELECT ${chat.id}, s, ${sender.id}, 'c' || s, 'message ' || s, now() - interval '1 day' + s * interval '1 second'
        FROM generate_series(1, ${args.messages}::int) s`);
      for (const [kind, step] of [
        ["delivered", args.deliveredStep],
        ["read", args.readStep],
      ] as const) {
        await db.execute(sql`INSERT INTO receipt_moves (chat_id, user_id, kind, up_to_seq, moved_at)
          SELECT ${chat.id}, m.user_id, ${kind}, s, now() - interval '1 day' + s * interval '1 second' + interval '5 seconds'
          FROM chat_members m, generate_series(${step}::int, ${args.messages}::int, ${step}::int) s
          WHERE m.chat_id = ${chat.id} AND m.user_id <> ${sender.id}`);
      }
      await db.execute(sql`ANALYZE`);
      const seedMs = performance.now() - seedStart;
      const [{ n: logRows } = { n: 0 }] = rowsOf<{ n: number }>(
        await db.execute(sql`SELECT count(*)::int AS n FROM receipt_moves`),
      );
      const messages = rowsOf<{ seq: number; createdAt: string }>(
        await db.execute(sql`SELECT seq, created_at AS "createdAt" FROM messages WHERE chat_id = ${chat.id}`),
      );
      const pick = () => messages[Math.floor(Math.random() * messages.length)] ?? { seq: 1, createdAt: "" };

      const baseline: number[] = [];
      const info: number[] = [];
      // Warm both, then alternate so the machine's load falls on both alike.
      for (let i = 0; i < args.iterations + 5; i++) {
        const m = pick();
        const b = await timeIt(() =>
          db.execute(sql`SELECT m.user_id, u.display_name, m.delivered_seq, m.read_seq, u.privacy_read_receipts
            FROM chat_members m JOIN users u ON u.id = m.user_id WHERE m.chat_id = ${chat.id}`),
        );
        const t = await timeIt(async () => {
          const rows = await memberReceipts(db, chat.id, sender.id, m.seq, new Date(m.createdAt));
          if (rows.length !== args.members - 1 || rows.some((r) => r.deliveredAt === null)) {
            throw new Error("message info answered wrongly");
          }
        });
        if (i >= 5) {
          baseline.push(b);
          info.push(t);
        }
      }
      return {
        storage,
        members: args.members,
        messages: args.messages,
        seedMs: round(seedMs, 0),
        logRows,
        rowPerMessageAndMember: args.messages * (args.members - 1) * 2,
        baseline: percentiles(baseline),
        messageInfo: percentiles(info),
      };
    });
  } finally {
    await scratch?.drop();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

const results = [];
for (const storage of args.storages.split(",") as ("postgres" | "pglite")[]) results.push(await runStorage(storage));
console.log(
  formatTable(
    results.flatMap((r) => [
      { storage: r.storage, query: "baseline: members + pointers", ...ms(r.baseline) },
      { storage: r.storage, query: "message info (times per member)", ...ms(r.messageInfo) },
    ]),
  ),
);
for (const r of results) {
  console.log(
    `${r.storage}: ${r.members} members, ${r.messages} messages; receipt_moves rows ${r.logRows.toLocaleString("en")} ` +
      `(a row per message, member and kind would be ${r.rowPerMessageAndMember.toLocaleString("en")}); seed ${r.seedMs} ms`,
  );
}
console.log(`results: ${await writeResults("message-info", { args, results }, args.out || undefined)}`);

function ms(p: ReturnType<typeof percentiles>) {
  return { "p50 ms": round(p.p50), "p95 ms": round(p.p95), "p99 ms": round(p.p99), n: p.count };
}
