/**
 * Summarizes a V8 .cpuprofile (node --cpu-prof): self time by function and by where the code
 * lives (our server, a package in node_modules, Node internals, GC, idle).
 *
 *   npx tsx bench/lib/cpu-profile.ts <file.cpuprofile> [top]
 */
import fs from "node:fs/promises";
import { fileURLToPath } from "node:url";

export type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
};
export type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

export type ProfileSummary = {
  totalMs: number;
  byArea: { area: string; ms: number; percent: number }[];
  byFunction: { fn: string; area: string; ms: number; percent: number }[];
};

function areaOf(url: string, fn: string): string {
  if (!url) return fn.startsWith("(") ? fn : "(native)";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg?.[1]) return pkg[1];
  if (url.includes("/packages/server/")) return "server code";
  if (url.includes("/packages/protocol/")) return "protocol code";
  if (url.startsWith("node:") || !url.includes("/")) return "node internals";
  return "other";
}

export function summarizeProfile(profile: Profile, top = 25): ProfileSummary {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const totalMs = [...self.values()].reduce((a, b) => a + b, 0);
  const areas = new Map<string, number>();
  const fns = new Map<string, { area: string; ms: number }>();
  for (const [id, ms] of self) {
    const frame = nodes.get(id)?.callFrame;
    if (!frame) continue;
    const area = areaOf(frame.url, frame.functionName);
    areas.set(area, (areas.get(area) ?? 0) + ms);
    const file = frame.url.split("/").slice(-2).join("/");
    const key = `${frame.functionName || "(anonymous)"} ${file}:${frame.lineNumber + 1}`;
    const entry = fns.get(key) ?? { area, ms: 0 };
    entry.ms += ms;
    fns.set(key, entry);
  }
  const pct = (ms: number) => Math.round((ms / totalMs) * 1000) / 10;
  return {
    totalMs: Math.round(totalMs),
    byArea: [...areas]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([area, ms]) => ({ area, ms: Math.round(ms), percent: pct(ms) })),
    byFunction: [...fns]
      .sort((a, b) => b[1].ms - a[1].ms)
      .slice(0, top)
      .map(([fn, e]) => ({ fn, area: e.area, ms: Math.round(e.ms), percent: pct(e.ms) })),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, top] = process.argv.slice(2);
  if (!file) throw new Error("usage: cpu-profile.ts <file.cpuprofile> [top]");
  const summary = summarizeProfile(JSON.parse(await fs.readFile(file, "utf8")) as Profile, Number(top ?? 25));
  console.log(`total sampled: ${summary.totalMs} ms\n\nby area:`);
  for (const a of summary.byArea) console.log(`  ${String(a.percent).padStart(5)}%  ${a.area}`);
  console.log("\nby function (self time):");
  for (const f of summary.byFunction) console.log(`  ${String(f.percent).padStart(5)}%  ${f.fn}  [${f.area}]`);
}
