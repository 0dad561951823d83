/**
 * Where a send's CPU goes, by stage, from a server .cpuprofile (node --cpu-prof under bench/load):
 * inbound parsing (ws/engine.io/socket.io decode), zod validation, SQL (drizzle query building and
 * the driver: pg or PGlite), batching (our group-commit queues), fan-out (emit, encode, ws send),
 * JSON, our other server code, GC, idle. Only the send phase counts: samples from the first to
 * the last one with the send batcher on the stack (registration and connection are left out).
 *
 * Self: each sample goes to the innermost frame that belongs to a stage (so `writev` under the ws
 * sender is fan-out, JSON.stringify under socket.io's encoder is JSON). Inclusive: a sample counts
 * once for every stage that has a frame anywhere on its stack.
 *
 *   npx tsx bench/lib/cpu-stages.ts <file.cpuprofile> [top]
 */
import fs from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Profile, ProfileNode } from "./cpu-profile.js";

type Frame = ProfileNode["callFrame"];
type TimedProfile = Profile & { startTime: number };

/** Each sample's time on the profile clock (µs). */
function sampleTimes(profile: TimedProfile): number[] {
  let t = profile.startTime;
  return profile.timeDeltas.map((d) => (t += d));
}

const PHASE_MARK = "send-batcher.ts";

/** The stage a frame belongs to, or null for frames that only pass through (node internals, anonymous glue). */
export function stageOf({ url, functionName: fn }: Frame): string | null {
  if (!url) {
    if (fn === "(garbage collector)") return "GC";
    if (fn === "(idle)") return "idle";
    if (fn === "(program)") return "(program)";
    if (/^JSON\.|^(stringify|parse)$/.test(fn)) return "JSON";
    return null;
  }
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg === "zod") return "zod validation";
  if (pkg === "drizzle-orm") return "SQL: drizzle query building";
  if (pkg === "pg" || pkg === "pg-protocol" || pkg === "pg-pool" || pkg === "@electric-sql/pglite")
    return "SQL: driver";
  if (pkg === "argon2" || /hashPassword|verifyPassword/.test(fn)) return "auth (argon2)";
  if (pkg === "ws") return url.includes("receiver") ? "inbound parsing" : "fan-out";
  if (pkg === "socket.io-parser" || pkg === "engine.io-parser") {
    return /decode|Decoder|reconstruct|add|parse/i.test(fn) ? "inbound parsing" : "fan-out";
  }
  if (pkg === "engine.io") return /onData|onPacket|onMessage|decode/i.test(fn) ? "inbound parsing" : "fan-out";
  if (pkg === "socket.io" || pkg === "socket.io-adapter") {
    return /onpacket|onevent|_onpacket|ondecoded|_onconnect|dispatch|run/i.test(fn) ? "inbound parsing" : "fan-out";
  }
  if (pkg === "pino" || pkg === "prom-client") return "logging & metrics";
  if (pkg) return `other package (${pkg})`;
  // The PGlite client side (queries posted to its worker thread) is the driver too.
  if (/\/packages\/server\/src\/db\//.test(url)) return "SQL: driver";
  if (/send-batcher|pointer-batcher|delivered-batcher|read-batcher|ordered-queue/.test(url)) return "batching";
  if (/message\.presenter|fan-?out|broadcast/.test(url)) return "fan-out";
  if (url.includes("/packages/server/") || url.includes("/packages/protocol/")) return "our server code";
  return null;
}

export type StageSummary = {
  phaseMs: number;
  /** The send phase on the profile clock (µs; threads of one process share it). */
  phase: { fromUs: number; toUs: number };
  stages: { stage: string; selfMs: number; selfPct: number; inclusivePct: number }[];
  topSelf: { fn: string; stage: string; pct: number }[];
  topInclusive: { fn: string; stage: string; pct: number }[];
};

export function summarizeStages(profile: TimedProfile, top = 12): StageSummary {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stackOf = (id: number) => {
    const frames: ProfileNode[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const node = nodes.get(at);
      if (node) frames.push(node); // leaf first
    }
    return frames;
  };
  const stacks = profile.samples.map(stackOf);
  const inPhase = stacks.map((s) => s.some((n) => n.callFrame.url.includes(PHASE_MARK)));
  const first = inPhase.indexOf(true);
  const last = inPhase.lastIndexOf(true);
  if (first < 0) throw new Error(`no sample with ${PHASE_MARK} on the stack: not a send-path profile`);

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const fnSelf = new Map<string, { stage: string; ms: number }>();
  const fnInclusive = new Map<string, { stage: string; ms: number }>();
  let phaseMs = 0;
  const label = (f: Frame) =>
    `${f.functionName || "(anonymous)"} ${f.url.split("/").slice(-2).join("/")}:${f.lineNumber + 1}`;
  for (let i = first; i <= last; i++) {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const stack = stacks[i] ?? [];
    phaseMs += ms;
    const stages: (string | null)[] = stack.map((n) => stageOf(n.callFrame));
    const own = stages.find((s) => s !== null) ?? "other (node internals)";
    self.set(own, (self.get(own) ?? 0) + ms);
    for (const s of new Set(stages.filter((x): x is string => x !== null)))
      inclusive.set(s, (inclusive.get(s) ?? 0) + ms);
    const leaf = stack[0];
    if (leaf) {
      // Keyed by stage too: a native leaf (writev) is split by who called it (ws sender, pg).
      const key = `${label(leaf.callFrame)}|${own}`;
      const e = fnSelf.get(key) ?? { stage: own, ms: 0 };
      e.ms += ms;
      fnSelf.set(key, e);
    }
    const seen = new Set<string>();
    stack.forEach((n, k) => {
      const key = label(n.callFrame);
      if (seen.has(key) || stages[k] === null) return; // node internals: shared plumbing
      seen.add(key);
      const e = fnInclusive.get(key) ?? { stage: stages[k] ?? "-", ms: 0 };
      e.ms += ms;
      fnInclusive.set(key, e);
    });
  }
  const pct = (ms: number) => Math.round((ms / phaseMs) * 1000) / 10;
  const ranked = (m: Map<string, { stage: string; ms: number }>) =>
    [...m]
      .sort((a, b) => b[1].ms - a[1].ms)
      .slice(0, top)
      .map(([fn, e]) => ({ fn: fn.split("|")[0] ?? fn, stage: e.stage, pct: pct(e.ms) }));
  const times = sampleTimes(profile);
  return {
    phaseMs: Math.round(phaseMs),
    phase: { fromUs: times[first] ?? 0, toUs: times[last] ?? 0 },
    stages: [...new Set([...self.keys(), ...inclusive.keys()])]
      .map((stage) => ({
        stage,
        selfMs: Math.round(self.get(stage) ?? 0),
        selfPct: pct(self.get(stage) ?? 0),
        inclusivePct: pct(inclusive.get(stage) ?? 0),
      }))
      .sort((a, b) => b.selfPct - a.selfPct),
    topSelf: ranked(fnSelf),
    // Entry points (the event loop's callbacks) are near 100 % and say nothing: skip them.
    topInclusive: ranked(fnInclusive).filter((f) => f.pct < 90),
  };
}

/**
 * The PGlite worker thread over the main thread's send phase: WASM (the database itself), its JS
 * glue, postMessage (copying queries and results between threads), GC, idle.
 */
export function workerInPhase(profile: TimedProfile, phase: StageSummary["phase"]) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const times = sampleTimes(profile);
  const parts = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const t = times[i] ?? 0;
    if (t < phase.fromUs || t > phase.toUs) return;
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const { url, functionName: fn } = nodes.get(id)?.callFrame ?? { url: "", functionName: "" };
    const part = url.includes("wasm")
      ? "PGlite WASM"
      : url.includes("@electric-sql/pglite")
        ? "PGlite JS glue"
        : fn === "(idle)" || fn === "(garbage collector)"
          ? fn
          : fn === "postMessage"
            ? "postMessage"
            : "other";
    parts.set(part, (parts.get(part) ?? 0) + ms);
    total += ms;
  });
  return [...parts]
    .sort((a, b) => b[1] - a[1])
    .map(([part, ms]) => ({ part, pct: Math.round((ms / total) * 1000) / 10 }));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, top, worker] = process.argv.slice(2);
  if (!file) throw new Error("usage: cpu-stages.ts <main.cpuprofile> [top] [pglite-worker.cpuprofile]");
  const read = async (f: string) => JSON.parse(await fs.readFile(f, "utf8")) as TimedProfile;
  const s = summarizeStages(await read(file), Number(top ?? 12));
  console.log(`send phase: ${s.phaseMs} ms sampled\n\nstage | self % | inclusive %`);
  for (const x of s.stages) console.log(`${x.stage} | ${x.selfPct} | ${x.inclusivePct}`);
  console.log("\ntop self:");
  for (const f of s.topSelf) console.log(`  ${String(f.pct).padStart(5)}%  ${f.fn}  [${f.stage}]`);
  console.log("\ntop inclusive:");
  for (const f of s.topInclusive) console.log(`  ${String(f.pct).padStart(5)}%  ${f.fn}  [${f.stage}]`);
  if (worker) {
    console.log("\nPGlite worker thread in the same phase:");
    for (const p of workerInPhase(await read(worker), s.phase))
      console.log(`  ${String(p.pct).padStart(5)}%  ${p.part}`);
  }
}
