/**
 * Load bench: for each scenario, the bare relay (the floor) and the real server on each storage,
 * driven by the same generator. Prints a table with ratios to the floor and writes JSON.
 *
 *   npm run bench:load -- --users 1000 --duration 60 --scenarios direct,group --targets bare,pglite,postgres
 */
import path from "node:path";
import { listOption, parseArgs } from "../lib/args.js";
import { RESULTS_DIR } from "../lib/paths.js";
import { formatTable, writeResults } from "../lib/results.js";
import { round } from "../lib/stats.js";
import { labelOf, parseVariants } from "../lib/variants.js";
import { SCENARIOS } from "./plan.js";
import { type LoadTarget, runTarget, type TargetResult } from "./run-target.js";

const TARGETS = ["bare", "pglite", "pglite-main", "postgres", "cluster"] as const satisfies readonly LoadTarget[];

const args = parseArgs({
  users: 1000,
  duration: 60,
  rate: 1,
  groupSize: 50,
  scenarios: "direct,group",
  targets: process.env.DATABASE_URL ? "bare,pglite,postgres" : "bare,pglite",
  workers: 2,
  registerConcurrency: 8,
  connectConcurrency: 100,
  deliveredEveryMs: 1000,
  cpuProf: false,
  variants: "",
  out: "",
});
const variants = parseVariants(args.variants);
if (args.users < 2 || args.users > 20_000) throw new Error("--users must be between 2 and 20000");
if (args.duration <= 0 || args.duration > 600) throw new Error("--duration must be in (0, 600] seconds");
const targets = listOption(args.targets, TARGETS);
for (const t of ["postgres", "cluster"] as const)
  if (targets.includes(t) && !process.env.DATABASE_URL) throw new Error(`--targets ${t} needs DATABASE_URL`);
const stamp = new Date().toISOString().replace(/[:.]/g, "-");
const cpuProfDir = args.cpuProf ? path.join(RESULTS_DIR, `profiles-${stamp}`) : null;

const results: TargetResult[] = [];
for (const scenario of listOption(args.scenarios, SCENARIOS)) {
  for (const [target, variant] of targets.flatMap((t) =>
    (t === "bare" || t === "cluster" ? variants.slice(0, 1) : variants).map((v) => [t, v] as const),
  )) {
    const label = target === "bare" ? target : labelOf(target, variant);
    console.log(`\n▶ ${scenario} × ${label}: ${args.users} users, ${args.rate} msg/s each for ${args.duration} s`);
    const result = await runTarget(scenario, target, {
      users: args.users,
      durationS: args.duration,
      ratePerUser: args.rate,
      groupSize: args.groupSize,
      workers: Math.max(1, Math.floor(args.workers)),
      registerConcurrency: args.registerConcurrency,
      connectConcurrency: args.connectConcurrency,
      deliveredEveryMs: args.deliveredEveryMs,
      postgresUrl: process.env.DATABASE_URL ?? null,
      // One directory per variant, or an A/B run mixes both sides' profiles in one.
      cpuProfDir: cpuProfDir && variant.name && target !== "bare" ? path.join(cpuProfDir, variant.name) : cpuProfDir,
      serverEnv: target === "bare" ? {} : variant.env,
      label,
    });
    const a = result.accounting;
    console.log(
      `  delivered ${a.delivered}/${a.expectedDeliveries} (${round(a.deliveredPercent, 3)}%), missing ${a.missing}, ` +
        `duplicates ${a.duplicates}, e2e p99 ${round(result.e2eMs.p99)} ms`,
    );
    results.push(result);
  }
}

/** Ratio of a figure to the bare relay's in the same scenario and run ("—" when there is no floor). */
function ratio(r: TargetResult, pick: (x: TargetResult) => number): string {
  const floor = results.find((x) => x.scenario === r.scenario && x.target === "bare");
  if (!floor || r.target === "bare") return "";
  const base = pick(floor);
  return base > 0 ? `×${round(pick(r) / base, 1)}` : "";
}

const rows = results.map((r) => ({
  scenario: r.scenario,
  server: r.target,
  users: r.connected,
  "register s": r.target === "bare" ? "-" : round(r.setup.registerMs / 1000, 1),
  "connect s": round(r.connectAllMs / 1000, 2),
  sent: r.accounting.sent,
  acked: r.accounting.acked,
  "delivered %": round(r.accounting.deliveredPercent, 3),
  missing: r.accounting.missing,
  dup: r.accounting.duplicates,
  "e2e p50": `${round(r.e2eMs.p50)} ${ratio(r, (x) => x.e2eMs.p50)}`,
  "e2e p95": `${round(r.e2eMs.p95)} ${ratio(r, (x) => x.e2eMs.p95)}`,
  "e2e p99": `${round(r.e2eMs.p99)} ${ratio(r, (x) => x.e2eMs.p99)}`,
  "e2e max": round(r.e2eMs.max, 1),
  "p99 after 5 s": round(r.e2eSteadyMs.p99),
  "ack p50": round(r.ackMs.p50),
  "ack p99": `${round(r.ackMs.p99)} ${ratio(r, (x) => x.ackMs.p99)}`,
  "msg/s": r.throughput.ackedPerS,
  "deliv/s": r.throughput.deliveriesPerS,
  "srv CPU %": `${r.server.cpuPercent} ${ratio(r, (x) => x.server.cpuPercent)}`,
  "main CPU %": r.server.mainThreadCpuPercent,
  "CPU ms/msg (main)": `${r.server.cpuMsPerMessage} (${r.server.mainThreadCpuMsPerMessage})`,
  "srv RSS MiB": `${r.server.rssPeakMiB} ${ratio(r, (x) => x.server.rssPeakMiB)}`,
  "start-up peak": r.server.rssStartupPeakMiB,
  "heap/worker/wasm": [
    r.server.memoryParts.mainHeapTotalMiB,
    r.server.memoryParts.pgliteHeapTotalMiB,
    r.server.memoryParts.pgliteWasmMiB,
  ]
    .map((x) => (x === null ? "-" : Math.round(x)))
    .join("/"),
  "KiB/conn": `${r.server.rssPerConnectionKiB} ${ratio(r, (x) => x.server.rssPerConnectionKiB)}`,
  "PG CPU %": r.postgresCpuPercent ?? "-",
  "box busy %": r.machine.busyPercent,
  "steal %": r.machine.stealPercent,
  "gen CPU %": r.generator.cpuPercent,
}));
console.log(`\n${formatTable(rows)}`);
console.log("(ratios: × the bare Socket.IO relay in the same scenario and run; latencies in ms)");
console.log("\ne2e p99 ms of the messages sent in each 10 s of the send phase:");
for (const r of results) console.log(`  ${r.scenario} ${r.target}: ${r.e2eP99Per10s.join(", ")}`);
console.log("e2e p99 ms of the messages sent in each of the first 10 s:");
for (const r of results) console.log(`  ${r.scenario} ${r.target}: ${r.e2eP99PerSecondFirst10s.join(", ")}`);
const stageRows = results.flatMap((r) =>
  Object.entries(r.server.sendStages).map(([stage, t]) => {
    const steady = r.server.sendStagesSteady[stage];
    return {
      scenario: r.scenario,
      server: r.target,
      stage,
      sends: t.count,
      "mean ms": round(t.meanMs, 2),
      "p50 ms": round(t.p50Ms, 2),
      "p99 ms": round(t.p99Ms, 2),
      "after 5 s: mean": steady ? round(steady.meanMs, 2) : "-",
      p50: steady ? round(steady.p50Ms, 2) : "-",
      p99: steady ? round(steady.p99Ms, 2) : "-",
    };
  }),
);
if (stageRows.length > 0) {
  console.log(`\nWhere the server's time went per send (its /metrics histogram, so p50/p99 are bucket-interpolated):`);
  console.log(formatTable(stageRows));
}
const file = await writeResults(
  "load",
  { kind: "load", at: new Date().toISOString(), args, cpuProfDir, results },
  args.out || undefined,
);
console.log(`\nJSON: ${file}`);
if (cpuProfDir) console.log(`CPU profiles: ${cpuProfDir} (summarize: npx tsx bench/lib/cpu-profile.ts <file>)`);
