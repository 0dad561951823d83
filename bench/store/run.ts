/**
 * Store-path bench: the database work of the 1:1 load, without sockets. 1,000 users in 500
 * direct chats; sends stored through the send batcher's statement in batches of `--batch`, and
 * one delivered mark per message through the delivered batcher's statement every 200 messages
 * (what 1,000 msg/s and a 200 ms window give). Reports CPU time of the whole process (main
 * thread and PGlite worker) per message, which does not depend on how busy the machine is.
 *
 *   npx tsx bench/store/run.ts --storage pglite --messages 20000 --batch 16
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { type Database, openDatabase, rowsOf } from "../../packages/server/src/db/database.js";
import { migrate } from "../../packages/server/src/db/migrate.js";
import { PgliteStatistics } from "../../packages/server/src/db/pglite-statistics.js";
import {
  insertBatchWithNextSeqs,
  insertWithNextSeq,
} from "../../packages/server/src/modules/messages/messages.repo.js";
import { DeliveredBatcher } from "../../packages/server/src/modules/receipts/delivered-batcher.js";
import { parseArgs } from "../lib/args.js";
import { createScratchDatabase } from "../lib/postgres-db.js";
import { percentiles, round } from "../lib/stats.js";

const args = parseArgs({
  storage: "pglite",
  thread: "worker",
  messages: 20000,
  batch: 16,
  users: 1000,
  warmup: 2000,
  // false: the batch statement unprepared (parsed and planned per batch), as before.
  prepared: true,
  /** With --batch 1: each send through the single-send statement (`insertWithNextSeq`) instead of the batch's. */
  single: false,
  /**
   * The GIN (search) indexes' pending list: "migrated" (128 kB, 0029), "4096" (PostgreSQL's
   * default, as before 0029) or any limit in kB; "off" turns fastupdate off (every insert updates
   * the index itself). Merging the list stalls the batch that finds it full: see `batchMs.max`.
   */
  gin: "migrated",
  /**
   * Message bodies: "words" (a sentence, one number in it) or "load" (what bench/load sends:
   * "bench <sender> <n> <timestamp>", two numbers per message that no other message has, so every
   * message adds new keys to the search indexes).
   */
  body: "words",
  /** PGlite's commits synced to disk (PGLITE_FSYNC); false: as before session 16, for comparing. */
  fsync: true,
});
if (args.body !== "words" && args.body !== "load") throw new Error('--body must be "words" or "load"');

const dir = await mkdtemp(path.join(os.tmpdir(), "store-bench-"));
const adminUrl = process.env.DATABASE_URL;
if (args.storage === "postgres" && !adminUrl) throw new Error("--storage postgres needs DATABASE_URL");
// A database of its own, dropped at the end: never the tables of the database DATABASE_URL names.
const scratch = adminUrl && args.storage === "postgres" ? await createScratchDatabase(adminUrl, "bench_store") : null;
const database: Database = await openDatabase(
  scratch
    ? { kind: "postgres", url: scratch.url, poolSize: 4 }
    : { kind: "pglite", dataDir: path.join(dir, "db"), thread: args.thread as "worker" | "main", fsync: args.fsync },
);
await migrate(database);
const db = database.db;
const GIN_INDEXES = ["messages_search_idx", "messages_search_stemmed_idx", "messages_body_trgm_idx"];
if (args.gin !== "migrated") {
  const setting = args.gin === "off" ? "fastupdate = off" : `gin_pending_list_limit = ${Number(args.gin)}`;
  for (const index of GIN_INDEXES) await db.execute(sql.raw(`ALTER INDEX ${index} SET (${setting})`));
}

// Users and direct chats in bulk SQL.
await db.execute(sql`INSERT INTO users (username, display_name)
  SELECT 'u' || g, 'User ' || g FROM generate_series(1, ${args.users}) g`);
const users = rowsOf<{ id: string }>(await db.execute(sql`SELECT id FROM users ORDER BY username`)).map((r) => r.id);
const pairs: [string, string, string][] = [];
for (let i = 0; i + 1 < users.length; i += 2) {
  const a = users[i] as string;
  const b = users[i + 1] as string;
  const [chat] = rowsOf<{ id: string }>(
    await db.execute(sql`INSERT INTO chats (type, direct_key) VALUES ('direct', ${`${a}:${b}`}) RETURNING id`),
  );
  await db.execute(sql`INSERT INTO chat_members (chat_id, user_id) VALUES (${chat?.id}, ${a}), (${chat?.id}, ${b})`);
  pairs.push([chat?.id as string, a, b]);
}

const io = { to: () => ({ emit: () => true }) } as never;
const delivered = new DeliveredBatcher(
  args.prepared ? (query) => database.relaxedPrepared("delivered_batch", query) : (query) => db.execute(query),
  io,
);
// As the server does (app.ts): on PGlite, the cached plans are made again once a table doubles.
const statistics = new PgliteStatistics(database, { warn: console.warn } as never);
statistics.start();
let n = 0;
let deliveredMarks: Promise<unknown>[] = [];

function bodyOf(n: number): string {
  if (args.body === "load")
    return `bench ${n % args.users} ${Math.floor(n / args.users)} ${(1e6 + n * 1.37).toFixed(3)}`;
  return `message number ${n} from the store bench`;
}

async function run(count: number) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let insertMs = 0;
  const batchMs: number[] = [];
  let deliveredMs = 0;
  for (let done = 0; done < count; done += args.batch) {
    const inputs = [];
    for (let j = 0; j < args.batch; j++) {
      const [chatId, a, b] = pairs[(n * 7919) % pairs.length] as [string, string, string];
      const sender = n % 2 === 0 ? a : b;
      inputs.push({ chatId, senderId: sender, clientId: `c${n}`, body: bodyOf(n) });
      n++;
    }
    const s = performance.now();
    const rows =
      args.single && inputs.length === 1
        ? [
            await insertWithNextSeq(
              args.prepared ? (query) => database.prepared("send_one", query) : db,
              inputs[0] as (typeof inputs)[number],
            ),
          ].flatMap((row) => (row ? [row] : []))
        : await insertBatchWithNextSeqs(args.prepared ? (query) => database.prepared("send_batch", query) : db, inputs);
    insertMs += performance.now() - s;
    batchMs.push(performance.now() - s);
    for (const row of rows) {
      const pair = pairs.find((p) => p[0] === row.chatId) as [string, string, string];
      const receiver = pair[1] === row.senderId ? pair[2] : pair[1];
      deliveredMarks.push(delivered.mark(row.chatId, receiver, row.seq).catch(() => {}));
    }
    if (deliveredMarks.length >= 200) {
      const d = performance.now();
      await delivered.flush();
      await Promise.all(deliveredMarks);
      deliveredMarks = [];
      deliveredMs += performance.now() - d;
    }
  }
  const cpu = process.cpuUsage(cpu0);
  return {
    cpuMs: (cpu.user + cpu.system) / 1000,
    wallMs: performance.now() - t0,
    insertMs,
    deliveredMs,
    batch: percentiles(batchMs),
    over20: batchMs.filter((ms) => ms > 20).length,
  };
}

/** Where the write-ahead log is now, in bytes (what each message costs in WAL is the difference). */
async function walPosition(): Promise<number> {
  const [row] = rowsOf<{ at: string }>(
    await db.execute(sql`SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::text AS at`),
  );
  return Number(row?.at ?? 0);
}

await run(args.warmup);
const walBefore = await walPosition();
const r = await run(args.messages);
const walBytes = (await walPosition()) - walBefore;
const per = (x: number) => Math.round((x / args.messages) * 1000) / 1000;
console.log(
  JSON.stringify({
    storage: args.storage,
    thread: args.thread,
    batch: args.batch,
    prepared: args.prepared,
    single: args.single,
    messages: args.messages,
    cpuMsPerMsg: per(r.cpuMs),
    wallMsPerMsg: per(r.wallMs),
    insertWallMsPerMsg: per(r.insertMs),
    deliveredWallMsPerMsg: per(r.deliveredMs),
    msgPerS: Math.round(args.messages / (r.wallMs / 1000)),
    walBytesPerMsg: Math.round(walBytes / args.messages),
    gin: args.gin,
    body: args.body,
    batchMs: {
      p50: round(r.batch.p50, 2),
      p99: round(r.batch.p99, 2),
      max: round(r.batch.max, 1),
      over20: r.over20,
    },
  }),
);
await statistics.stop();
await database.close();
await scratch?.drop();
await rm(dir, { recursive: true, force: true });
