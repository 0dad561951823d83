import fs from "node:fs/promises";
import path from "node:path";
import { decodeMappings, originalPosition, type RawSourceMap } from "./sourcemap.js";

type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
};
export type BrowserProfile = { nodes: ProfileNode[]; samples?: number[]; timeDeltas?: number[] };
export type SelfTime = { where: string; ms: number; percent: number };

/**
 * Self time of a Chromium CPU profile (CDP Profiler), with minified positions in the app's
 * chunks mapped back through Vite's sourcemaps to the original file and line, summed by file
 * and by line. "(program)", "(garbage collector)" and "(idle)" stay as they are; time in
 * rendering (style, layout, paint) is not JS and appears as "(program)".
 */
export async function summarizeBrowserProfile(
  profile: BrowserProfile,
  distDir: string,
  top = 15,
): Promise<{ totalMs: number; byFile: SelfTime[]; byLine: SelfTime[] }> {
  const maps = new Map<string, { map: RawSourceMap; decoded: ReturnType<typeof decodeMappings> } | null>();
  const mapFor = async (url: string) => {
    const file = /\/assets\/[^/?#]+\.js/.exec(url)?.[0];
    if (!file) return null;
    if (!maps.has(file)) {
      const map = await fs
        .readFile(path.join(distDir, `${file}.map`), "utf8")
        .then((text) => JSON.parse(text) as RawSourceMap)
        .catch(() => null);
      maps.set(file, map ? { map, decoded: decodeMappings(map.mappings) } : null);
    }
    return maps.get(file) ?? null;
  };

  const selfMs = new Map<number, number>();
  (profile.samples ?? []).forEach((id, i) => {
    selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas?.[i] ?? 0) / 1000);
  });
  const byFile = new Map<string, number>();
  const byLine = new Map<string, number>();
  let totalMs = 0;
  for (const node of profile.nodes) {
    const ms = selfMs.get(node.id) ?? 0;
    if (ms === 0) continue;
    totalMs += ms;
    const frame = node.callFrame;
    let file = frame.url ? (frame.url.split("/").pop() ?? frame.url) : frame.functionName || "(native)";
    let line = `${file}:${frame.lineNumber + 1} ${frame.functionName || "(anonymous)"}`;
    const sourceMap = frame.url ? await mapFor(frame.url) : null;
    const original =
      sourceMap && originalPosition(sourceMap.decoded, sourceMap.map, frame.lineNumber, frame.columnNumber);
    if (original) {
      file = original.source.replace(/^(\.\.\/)+/, "").replace(/^.*node_modules\//, "");
      line = `${file}:${original.line}`;
    }
    byFile.set(file, (byFile.get(file) ?? 0) + ms);
    byLine.set(line, (byLine.get(line) ?? 0) + ms);
  }
  const rank = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([where, ms]) => ({ where, ms: Math.round(ms), percent: Math.round((ms / totalMs) * 1000) / 10 }));
  return { totalMs: Math.round(totalMs), byFile: rank(byFile), byLine: rank(byLine) };
}
