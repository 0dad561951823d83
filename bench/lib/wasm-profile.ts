/**
 * Names PGlite's WebAssembly in a V8 CPU profile. V8 calls its frames `wasm-function[N]`: the
 * module has no name section, but it is a dynamic-linking main module that exports ~2,000 of its
 * functions by name (for extensions), so the export section names most hot indexes after
 * PostgreSQL's own functions. Prints, for the worker thread's profile, time by named function:
 * self (an unnamed function charged to its nearest named caller) and inclusive.
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/store/run.ts --storage pglite --batch 10
 *   npx tsx bench/lib/wasm-profile.ts /tmp/prof/<largest>.cpuprofile [top] [from: 0..1 of the run]
 */
import fs from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Profile, ProfileNode } from "./cpu-profile.js";

/** Reads an unsigned LEB128 at `at`: the value and where the next field starts. */
function leb128(bytes: Uint8Array, at: number): [number, number] {
  let value = 0;
  let shift = 0;
  let i = at;
  for (;;) {
    const byte = bytes[i++] as number;
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, i];
  }
}

/** Function index (imports counted first, as V8 numbers them) → exported name. */
export function exportedFunctionNames(wasm: Uint8Array): Map<number, string> {
  const names = new Map<number, string>();
  const decoder = new TextDecoder();
  let at = 8; // magic and version
  while (at < wasm.length) {
    const section = wasm[at++] as number;
    const [size, start] = leb128(wasm, at);
    if (section === 7) {
      let [count, i] = leb128(wasm, start);
      for (; count > 0; count--) {
        const [length, nameAt] = leb128(wasm, i);
        const name = decoder.decode(wasm.subarray(nameAt, nameAt + length));
        const kind = wasm[nameAt + length] as number;
        const [index, next] = leb128(wasm, nameAt + length + 1);
        if (kind === 0) names.set(index, name);
        i = next;
      }
    }
    at = start + size;
  }
  return names;
}

export async function pgliteFunctionNames(): Promise<Map<number, string>> {
  const require = createRequire(import.meta.url);
  const dist = path.dirname(require.resolve("@electric-sql/pglite"));
  return exportedFunctionNames(new Uint8Array(await fs.readFile(path.join(dist, "pglite.wasm"))));
}

export type WasmSummary = {
  busyMs: number;
  self: { fn: string; ms: number; percent: number }[];
  inclusive: { fn: string; ms: number; percent: number }[];
};

/** Time by named function over the samples from `from` (a fraction of the run) on; idle left out. */
export function summarizeWasm(profile: Profile, names: Map<number, string>, top = 30, from = 0): WasmSummary {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const label = (node: ProfileNode): string | null => {
    const fn = node.callFrame.functionName;
    const wasm = /^wasm-function\[(\d+)\]/.exec(fn);
    if (wasm) {
      const name = names.get(Number(wasm[1]));
      return name ? `wasm ${name}` : null;
    }
    return `js ${fn || "(anonymous)"}`;
  };
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const { startTime = 0, endTime = 0 } = profile as Profile & { startTime?: number; endTime?: number };
  const fromTime = startTime + (endTime - startTime) * from;
  let at = startTime;
  let busyMs = 0;
  profile.samples.forEach((sample, i) => {
    at += profile.timeDeltas[i] ?? 0;
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    if (at < fromTime || nodes.get(sample)?.callFrame.functionName === "(idle)") return;
    busyMs += ms;
    const seen = new Set<string>();
    let nearest: string | null = null;
    for (let id: number | undefined = sample; id !== undefined; id = parent.get(id)) {
      const name = label(nodes.get(id) as ProfileNode);
      if (!name) continue;
      nearest ??= name;
      if (!seen.has(name)) inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
      seen.add(name);
    }
    if (nearest) self.set(nearest, (self.get(nearest) ?? 0) + ms);
  });
  const rank = (m: Map<string, number>, keep: (fn: string) => boolean) =>
    [...m]
      .filter(([fn]) => keep(fn))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([fn, ms]) => ({ fn, ms: Math.round(ms), percent: Math.round((ms / busyMs) * 1000) / 10 }));
  return {
    busyMs: Math.round(busyMs),
    self: rank(self, () => true),
    inclusive: rank(inclusive, (fn) => fn.startsWith("wasm ")),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, top, from] = process.argv.slice(2);
  if (!file) throw new Error("usage: wasm-profile.ts <file.cpuprofile> [top] [from 0..1]");
  const profile = JSON.parse(await fs.readFile(file, "utf8")) as Profile;
  const summary = summarizeWasm(profile, await pgliteFunctionNames(), Number(top ?? 30), Number(from ?? 0));
  console.log(`busy: ${summary.busyMs} ms\n\nself (nearest named frame):`);
  for (const f of summary.self) console.log(`  ${String(f.percent).padStart(5)}%  ${f.fn}`);
  console.log("\ninclusive (WebAssembly):");
  for (const f of summary.inclusive) console.log(`  ${String(f.percent).padStart(5)}%  ${f.fn}`);
}
