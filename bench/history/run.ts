/**
 * History and search bench: a chat with 1,000,000 bulk-seeded messages and a reader in 200
 * chats; times page fetches (end, middle, start), search and the chat list through the real
 * REST routes. PostgreSQL when DATABASE_URL is set, PGlite too.
 *
 *   npm run bench:history -- --messages 1000000 --iterations 200 --storages pglite,postgres
 *
 * Before/after on the same seeded data in one run: `--baseline <checkout> --rounds 3` measures
 * the server of another checkout (say `git archive <commit>` unpacked inside this repo, so it
 * finds node_modules) and this one's in turn, each round a fresh start of each.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { ApiClient } from "@teamchat/sdk";
import { listOption, parseArgs } from "../lib/args.js";
import { RESULTS_DIR } from "../lib/paths.js";
import { createScratchDatabase } from "../lib/postgres-db.js";
import { formatTable, writeResults } from "../lib/results.js";
import { withStorage } from "../lib/seed-database.js";
import { startServer } from "../lib/server-process.js";
import { mapBounded, type Percentiles, round } from "../lib/stats.js";
import { historyProbes, measureProbe } from "./measure.js";
import { type HistoryIds, seedHistory } from "./seed.js";

const STORAGES = ["pglite", "postgres"] as const;
type Storage = (typeof STORAGES)[number];

const args = parseArgs({
  messages: 1_000_000,
  /** PGlite is single-threaded WASM; a smaller count can be given if the full seed is too slow. */
  pgliteMessages: 0,
  chats: 200,
  perChat: 200,
  /**
   * Colleagues in every group besides the reader and the peer, drawn in turn from a pool of
   * `--colleagues` accounts: a company's chats share most of their members.
   */
  groupMembers: 0,
  colleagues: 50,
  iterations: 200,
  searchIterations: 50,
  storages: process.env.DATABASE_URL ? "postgres,pglite" : "pglite",
  /** Which probe groups run (e.g. `lists` alone while profiling the chat list). */
  probes: "pages,search,lists",
  /** V8 CPU profile of the measured server (bench/results/profiles-…; summarize with bench/lib/cpu-profile.ts). */
  cpuProf: false,
  /** Another checkout to measure as "before" against this one's "after" (see above). */
  baseline: "",
  /** Measurement rounds (each: every server started afresh, every probe). */
  rounds: 1,
  out: "",
});
const PROBE_GROUPS = ["pages", "search", "lists"] as const;
const probeGroups = listOption(args.probes, PROBE_GROUPS);
const stamp = new Date().toISOString().replace(/[:.]/g, "-");
if (args.messages < 100 || args.messages > 5_000_000) throw new Error("--messages must be in [100, 5000000]");
if (args.chats < 1 || args.chats > 1000) throw new Error("--chats must be in [1, 1000]");
if (args.colleagues < 0 || args.colleagues > 1000) throw new Error("--colleagues must be in [0, 1000]");
if (args.groupMembers < 0 || args.groupMembers > args.colleagues)
  throw new Error("--group-members must be in [0, --colleagues]");

type StorageResult = {
  storage: Storage;
  messages: number;
  chats: number;
  setupMs: number;
  seedMs: number;
  seedRowsPerS: number;
  probes: (Percentiles & { name: string; lastByte: Percentiles })[];
};

async function runStorage(storage: Storage): Promise<StorageResult> {
  const messages = storage === "pglite" && args.pgliteMessages > 0 ? args.pgliteMessages : args.messages;
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "teamchat-history-"));
  const adminUrl = process.env.DATABASE_URL;
  const scratch = storage === "postgres" && adminUrl ? await createScratchDatabase(adminUrl, "bench_history") : null;
  if (storage === "postgres" && !scratch) throw new Error("postgres needs DATABASE_URL");
  const where = { dataDir, databaseUrl: scratch?.url };
  try {
    // 1. Accounts and chats through the API, as users would create them.
    const setupStart = performance.now();
    let server = await startServer({ kind: storage, ...where });
    const jwtSecret = server.jwtSecret;
    let ids: HistoryIds;
    let token: string;
    try {
      const reader = await new ApiClient({ baseUrl: server.url }).register({
        username: "history-reader",
        password: "bench password 1234",
        displayName: "Reader",
      });
      const peer = await new ApiClient({ baseUrl: server.url }).register({
        username: "history-peer",
        password: "bench password 1234",
        displayName: "Peer",
      });
      token = reader.accessToken;
      const api = new ApiClient({ baseUrl: server.url, getAccessToken: () => token });
      const big = await api.createDirectChat(peer.user.id);
      const colleagues =
        args.groupMembers === 0
          ? []
          : await mapBounded(
              Array.from({ length: args.colleagues }, (_, i) => i),
              8,
              async (i) =>
                (
                  await new ApiClient({ baseUrl: server.url }).register({
                    username: `history-colleague-${i}`,
                    password: "bench password 1234",
                    displayName: `Colleague ${i}`,
                  })
                ).user.id,
            );
      const others = await mapBounded(
        Array.from({ length: args.chats - 1 }, (_, i) => i),
        8,
        async (i) => {
          const extra = Array.from({ length: args.groupMembers }, (_, k) => colleagues[(i + k) % colleagues.length]);
          const memberIds = [peer.user.id, ...(extra as string[])];
          const chat = await api.createGroupChat({ name: `group ${i}`, memberIds });
          return chat.id;
        },
      );
      ids = { bigChatId: big.chat.id, readerId: reader.user.id, peerId: peer.user.id, otherChatIds: others };
    } finally {
      await server.stop();
    }
    const setupMs = performance.now() - setupStart;

    // 2. Bulk seed with the server stopped (PGlite has one owner at a time).
    const seedStart = performance.now();
    await withStorage(where, (database) =>
      seedHistory(database, ids, messages, args.perChat, (done) => {
        const s = (performance.now() - seedStart) / 1000;
        process.stdout.write(`\r  seeded ${done.toLocaleString()} / ${messages.toLocaleString()} (${round(s, 1)} s)`);
      }),
    );
    const seedMs = performance.now() - seedStart;
    console.log(`\n  seed done in ${round(seedMs / 1000, 1)} s`);

    // 3. Measure through the real routes.
    const probes = historyProbes(ids.bigChatId, messages, args.iterations, args.searchIterations);
    const results: StorageResult["probes"] = [];
    for (let round = 1; round <= Math.max(1, args.rounds); round++) {
      for (const side of SIDES) {
        const suffix = [side.label, args.rounds > 1 ? `#${round}` : ""].filter(Boolean).join(" ");
        const profName = [`history-${storage}`, side.label, args.rounds > 1 ? String(round) : ""].filter(Boolean);
        const cpuProfDir = args.cpuProf ? path.join(RESULTS_DIR, `profiles-${stamp}`, profName.join("-")) : undefined;
        server = await startServer({ kind: storage, ...where, jwtSecret, cpuProfDir, serverRoot: side.root });
        if (cpuProfDir) console.log(`  CPU profile of the measured server: ${cpuProfDir}`);
        try {
          const measured = await measureAll(server.url, token, probes, messages);
          results.push(...measured.map((p) => ({ ...p, name: suffix ? `${p.name} [${suffix}]` : p.name })));
        } finally {
          await server.stop();
        }
      }
    }
    return {
      storage,
      messages,
      chats: args.chats,
      setupMs: Math.round(setupMs),
      seedMs: Math.round(seedMs),
      seedRowsPerS: Math.round((messages + (args.chats - 1) * args.perChat) / (seedMs / 1000)),
      probes: results,
    };
  } finally {
    await scratch?.drop();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

const SIDES: { label: string; root: string | undefined }[] = args.baseline
  ? [
      { label: "before", root: path.resolve(args.baseline) },
      { label: "after", root: undefined },
    ]
  : [{ label: "", root: undefined }];

/** Every selected probe against one running server, failing loudly on a wrong answer. */
async function measureAll(
  url: string,
  token: string,
  probes: ReturnType<typeof historyProbes>,
  messages: number,
): Promise<StorageResult["probes"]> {
  const results: StorageResult["probes"] = [];
  const expectPage = (data: unknown) => {
    const page = data as { messages: unknown[] };
    if (page.messages.length !== Math.min(50, messages)) throw new Error(`page has ${page.messages.length} messages`);
  };
  const expectChats = (data: unknown) => {
    if (Array.isArray(data) && data.length !== args.chats) throw new Error(`chat list has ${data.length} chats`);
  };
  const run = (group: (typeof PROBE_GROUPS)[number]) => probeGroups.includes(group);
  for (const p of run("pages") ? probes.pages : []) results.push(await measureProbe(url, token, p, expectPage));
  for (const p of run("search") ? probes.search : []) results.push(await measureProbe(url, token, p, () => {}));
  for (const p of run("lists") ? probes.lists : []) results.push(await measureProbe(url, token, p, expectChats));
  return results;
}

const results: StorageResult[] = [];
for (const storage of listOption(args.storages, STORAGES)) {
  console.log(`\n▶ history × ${storage}`);
  results.push(await runStorage(storage));
}

const rows = results.flatMap((r) =>
  r.probes.map((p) => ({
    storage: r.storage,
    messages: r.messages.toLocaleString(),
    probe: p.name,
    n: p.count,
    "p50 ms": round(p.p50),
    "p95 ms": round(p.p95),
    "p99 ms": round(p.p99),
    "max ms": round(p.max),
    "last byte p50 / p99": `${round(p.lastByte.p50)} / ${round(p.lastByte.p99)}`,
  })),
);
console.log(`\n${formatTable(rows)}`);
for (const r of results) {
  console.log(`${r.storage}: seeded ${r.messages.toLocaleString()} messages in ${round(r.seedMs / 1000, 1)} s`);
}
const file = await writeResults(
  "history",
  { kind: "history", at: new Date().toISOString(), args, results },
  args.out || undefined,
);
console.log(`\nJSON: ${file}`);
