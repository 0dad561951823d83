/**
 * Idle capacity: N connected sockets that do nothing, held for a while. Reports time to
 * connect all, server RSS per connection and whether every socket stayed up; the bare relay
 * in the same run is the floor.
 *
 *   npm run bench:idle -- --connections 10000 --hold 20 --targets bare,pglite
 *   npm run bench:idle -- --connections 1000 --targets bare,pglite,postgres --variants "src:BENCH_SERVER_ENTRY=source;built:"
 */
import crypto from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { AccessTokens } from "../../packages/server/src/modules/auth/access-tokens.js";
import { listOption, parseArgs } from "../lib/args.js";
import { type MemoryParts, memoryParts } from "../lib/memory-parts.js";
import { RESULTS_DIR } from "../lib/paths.js";
import { createScratchDatabase } from "../lib/postgres-db.js";
import { cpuPercent, sampleProcess } from "../lib/proc-stats.js";
import { formatTable, writeResults } from "../lib/results.js";
import { withStorage } from "../lib/seed-database.js";
import { type ServerKind, startServer } from "../lib/server-process.js";
import { round } from "../lib/stats.js";
import { labelOf, parseVariants, type Variant } from "../lib/variants.js";
import { allAnswer, WorkerHandle } from "../lib/worker-handle.js";
import { seedIdleUsers } from "./seed.js";
import type { FromIdleWorker, IdleWorkerInit, ToIdleWorker } from "./worker-protocol.js";

const TARGETS = ["bare", "pglite", "postgres"] as const satisfies readonly ServerKind[];
const args = parseArgs({
  connections: 10_000,
  hold: 20,
  workers: 2,
  connectConcurrency: 200,
  targets: "bare,pglite",
  variants: "",
  /** V8 CPU profile of each measured server (sources; bench/results/profiles-…; summarize with bench/lib/cpu-profile.ts). */
  cpuProf: false,
  out: "",
});
const cpuProfDir = args.cpuProf
  ? path.join(RESULTS_DIR, `profiles-${new Date().toISOString().replace(/[:.]/g, "-")}`)
  : undefined;
const variants = parseVariants(args.variants);
if (args.connections < 1 || args.connections > 18_000)
  throw new Error("--connections must be in [1, 18000] (fd limit)");
if (args.hold > 600) throw new Error("--hold is at most 600 s");

type IdleResult = {
  /** The target, with its variant: "pglite" or "pglite[built]". */
  target: string;
  connections: number;
  connected: number;
  failed: number;
  connectAllMs: number;
  stillConnectedAfterHold: number;
  rssBeforeMiB: number;
  rssConnectedMiB: number;
  rssAfterHoldMiB: number;
  rssPerConnectionKiB: number;
  /** VmHWM before the sockets connect: start-up (a new PGlite data directory's initdb). */
  rssStartupPeakMiB: number;
  /** After the hold, still connected. */
  memoryParts: MemoryParts;
  idleCpuPercent: number;
  errors: string[];
};

const mib = (b: number) => round(b / 1048576, 1);

async function runTarget(target: ServerKind, variant: Variant): Promise<IdleResult> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "teamchat-idle-"));
  const adminUrl = process.env.DATABASE_URL;
  const scratch = target === "postgres" && adminUrl ? await createScratchDatabase(adminUrl, "bench_idle") : null;
  if (target === "postgres" && !scratch) throw new Error("postgres needs DATABASE_URL");
  const jwtSecret = crypto.randomBytes(32).toString("hex");
  const workers: WorkerHandle<ToIdleWorker, FromIdleWorker>[] = [];
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  try {
    let sockets: IdleWorkerInit["sockets"];
    if (target === "bare") {
      sockets = Array.from({ length: args.connections }, () => ({ token: null, userId: crypto.randomUUID() }));
    } else {
      const userIds = await withStorage({ dataDir, databaseUrl: scratch?.url }, (db) =>
        seedIdleUsers(db, args.connections),
      );
      const tokens = new AccessTokens(new TextEncoder().encode(jwtSecret), 7200);
      sockets = await Promise.all(userIds.map(async (userId) => ({ token: await tokens.issue(userId), userId })));
    }
    server = await startServer({
      kind: target,
      dataDir,
      databaseUrl: scratch?.url,
      jwtSecret,
      extraEnv: variant.env,
      cpuProfDir: cpuProfDir && target !== "bare" ? path.join(cpuProfDir, labelOf(target, variant)) : undefined,
    });
    const count = Math.max(1, Math.floor(args.workers));
    for (let w = 0; w < count; w++) {
      const init: IdleWorkerInit = {
        url: server.url,
        sockets: sockets.filter((_, i) => i % count === w),
        connectConcurrency: Math.max(1, Math.ceil(args.connectConcurrency / count)),
      };
      workers.push(new WorkerHandle<ToIdleWorker, FromIdleWorker>(new URL("./worker.ts", import.meta.url), init));
    }
    await allAnswer(workers, null, "ready", 60_000);
    await new Promise((r) => setTimeout(r, 500));
    const before = sampleProcess(server.pid);
    const start = performance.now();
    const connected = await allAnswer(workers, { type: "connect" }, "connected", 120_000 + args.connections * 20);
    const connectAllMs = performance.now() - start;
    await new Promise((r) => setTimeout(r, 2_000)); // let the connect burst's garbage go
    const afterConnect = sampleProcess(server.pid);
    await new Promise((r) => setTimeout(r, args.hold * 1000));
    const afterHold = sampleProcess(server.pid);
    const parts = await memoryParts(server.url);
    const counts = await allAnswer(workers, { type: "count" }, "count", 30_000);
    await allAnswer(workers, { type: "close" }, "closed", 60_000);
    const ok = connected.reduce((n, c) => n + c.ok, 0);
    return {
      target: target === "bare" ? target : labelOf(target, variant),
      connections: args.connections,
      connected: ok,
      failed: connected.reduce((n, c) => n + c.failed, 0),
      connectAllMs: Math.round(connectAllMs),
      stillConnectedAfterHold: counts.reduce((n, c) => n + c.connected, 0),
      rssBeforeMiB: mib(before.rssBytes),
      rssConnectedMiB: mib(afterConnect.rssBytes),
      rssAfterHoldMiB: mib(afterHold.rssBytes),
      rssPerConnectionKiB: ok > 0 ? round((afterHold.rssBytes - before.rssBytes) / ok / 1024, 1) : 0,
      rssStartupPeakMiB: mib(before.peakRssBytes),
      memoryParts: parts,
      idleCpuPercent: round(cpuPercent(afterConnect, afterHold), 1),
      errors: connected.flatMap((c) => c.errors).slice(0, 5),
    };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
    await server?.stop();
    await scratch?.drop();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

const results: IdleResult[] = [];
for (const [target, variant] of listOption(args.targets, TARGETS).flatMap((t) =>
  (t === "bare" ? variants.slice(0, 1) : variants).map((v) => [t, v] as const),
)) {
  const label = target === "bare" ? target : labelOf(target, variant);
  console.log(`\n▶ idle × ${label}: ${args.connections} sockets, held ${args.hold} s`);
  const r = await runTarget(target, variant);
  if (r.errors.length > 0) console.warn(`  connect errors: ${r.errors.join("; ")}`);
  results.push(r);
}
const floor = results.find((r) => r.target === "bare");
const rows = results.map((r) => ({
  server: r.target,
  connected: `${r.connected}/${r.connections}`,
  "still up": r.stillConnectedAfterHold,
  "connect s": round(r.connectAllMs / 1000, 2),
  "RSS before MiB": r.rssBeforeMiB,
  "RSS held MiB": r.rssAfterHoldMiB,
  "KiB/conn": r.rssPerConnectionKiB,
  "vs bare":
    floor && r !== floor && floor.rssPerConnectionKiB > 0
      ? `×${round(r.rssPerConnectionKiB / floor.rssPerConnectionKiB, 1)}`
      : "",
  "idle CPU %": r.idleCpuPercent,
  "start-up peak": r.rssStartupPeakMiB,
  "heap/worker/wasm": [r.memoryParts.mainHeapTotalMiB, r.memoryParts.pgliteHeapTotalMiB, r.memoryParts.pgliteWasmMiB]
    .map((x) => (x === null ? "-" : Math.round(x)))
    .join("/"),
}));
console.log(`\n${formatTable(rows)}`);
const file = await writeResults(
  "idle",
  { kind: "idle", at: new Date().toISOString(), args, results },
  args.out || undefined,
);
console.log(`\nJSON: ${file}`);
if (cpuProfDir) console.log(`CPU profiles: ${cpuProfDir} (summarize: npx tsx bench/lib/cpu-profile.ts <file>)`);
