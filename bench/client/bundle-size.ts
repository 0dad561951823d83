import fs from "node:fs/promises";
import path from "node:path";
import zlib from "node:zlib";
import { bytesPerSource } from "./sourcemap.js";

export type InitialAsset = { file: string; bytes: number; gzipBytes: number };
export type ModuleShare = { module: string; bytes: number; percent: number; approxGzipBytes: number };
export type BundleReport = {
  assets: InitialAsset[];
  totalBytes: number;
  totalGzipBytes: number;
  /** Lazy chunks (dynamic imports) with their gzipped size, not part of the total. */
  lazyChunks: InitialAsset[];
  /** Where the initial JS comes from, by package or source folder (from the sourcemaps). */
  largestModules: ModuleShare[];
};

/**
 * The initial download: every script, module preload and stylesheet index.html references,
 * plus the static imports of those scripts, recursively (a chunk imported with `import … from`
 * loads before the app runs; `import()` ones are lazy and counted apart). gzip at zlib's
 * default level, which is what a reverse proxy's on-the-fly compression typically uses.
 */
export async function measureInitialBundle(distDir: string): Promise<BundleReport> {
  const html = await fs.readFile(path.join(distDir, "index.html"), "utf8");
  const referenced = [
    ...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g),
    ...html.matchAll(/<link[^>]*rel="(?:stylesheet|modulepreload)"[^>]*href="([^"]+)"/g),
  ].map((m) => m[1] ?? "");
  const initial = new Set<string>();
  const queue = referenced.filter((href) => href.startsWith("/") && /\.(js|css)$/.test(href)).map((h) => h.slice(1));
  while (queue.length > 0) {
    const file = queue.shift() as string;
    if (initial.has(file)) continue;
    initial.add(file);
    if (!file.endsWith(".js")) continue;
    const code = await fs.readFile(path.join(distDir, file), "utf8");
    for (const dep of staticImports(code)) queue.push(path.posix.join(path.posix.dirname(file), dep));
  }

  const sizeOf = async (file: string): Promise<InitialAsset> => {
    const content = await fs.readFile(path.join(distDir, file));
    return { file, bytes: content.length, gzipBytes: zlib.gzipSync(content).length };
  };
  const assets = await Promise.all([...initial].map(sizeOf));
  const allChunks = (await fs.readdir(path.join(distDir, "assets")))
    .filter((f) => /\.(js|css)$/.test(f))
    .map((f) => `assets/${f}`);
  const lazyChunks = await Promise.all(allChunks.filter((f) => !initial.has(f)).map(sizeOf));
  const totalGzipBytes = assets.reduce((sum, a) => sum + a.gzipBytes, 0);
  const jsAssets = assets.filter((a) => a.file.endsWith(".js"));
  return {
    assets: assets.sort((a, b) => b.gzipBytes - a.gzipBytes),
    totalBytes: assets.reduce((sum, a) => sum + a.bytes, 0),
    totalGzipBytes,
    lazyChunks: lazyChunks.sort((a, b) => b.gzipBytes - a.gzipBytes),
    largestModules: await moduleShares(distDir, jsAssets),
  };
}

/** `import x from "./a.js"`, `import "./a.js"`, `export … from "./a.js"`; not `import("./a.js")`. */
function staticImports(code: string): string[] {
  const found = new Set<string>();
  for (const m of code.matchAll(/\b(?:import|export)\s*(?:[\w$*{}\s,]*?\bfrom\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g)) {
    if (m[1]) found.add(m[1]);
  }
  return [...found];
}

/**
 * Attributes every byte of the minified initial JS to the source it came from, using the
 * sourcemaps Vite writes (build.sourcemap): a mapping segment covers the generated text up to
 * the next segment. Grouped by npm package, or by folder for our own code. The gzip figure is
 * the package's share of the chunk's gzipped size (an estimate: compression is not uniform).
 */
async function moduleShares(distDir: string, jsAssets: InitialAsset[], top = 15): Promise<ModuleShare[]> {
  const bytesByModule = new Map<string, number>();
  const gzipByModule = new Map<string, number>();
  let total = 0;
  for (const asset of jsAssets) {
    const mapFile = path.join(distDir, `${asset.file}.map`);
    const map = await fs
      .readFile(mapFile, "utf8")
      .then((text) => JSON.parse(text) as { sources: string[]; mappings: string })
      .catch(() => null);
    const code = await fs.readFile(path.join(distDir, asset.file), "utf8");
    const perSource = map ? bytesPerSource(code, map.mappings, map.sources.length) : null;
    const chunkShares = new Map<string, number>();
    if (!perSource || !map) chunkShares.set(`${asset.file} (no sourcemap)`, asset.bytes);
    else {
      map.sources.forEach((source, i) => {
        const group = moduleGroup(source);
        chunkShares.set(group, (chunkShares.get(group) ?? 0) + (perSource[i] ?? 0));
      });
    }
    const mapped = [...chunkShares.values()].reduce((a, b) => a + b, 0) || 1;
    for (const [group, bytes] of chunkShares) {
      bytesByModule.set(group, (bytesByModule.get(group) ?? 0) + bytes);
      gzipByModule.set(group, (gzipByModule.get(group) ?? 0) + (bytes / mapped) * asset.gzipBytes);
      total += bytes;
    }
  }
  return [...bytesByModule]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([module, bytes]) => ({
      module,
      bytes,
      percent: Math.round((bytes / Math.max(1, total)) * 1000) / 10,
      approxGzipBytes: Math.round(gzipByModule.get(module) ?? 0),
    }));
}

function moduleGroup(source: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
  if (pkg?.[1]) return pkg[1];
  // Our workspaces appear as ../../../sdk/src/… (other packages) or ../../src/… (the web app).
  const ours = /(?:^|\/)(?:(protocol|sdk|server)\/)?src\/(?:([^/]+)\/)?/.exec(source);
  if (ours) return `@teamchat/${ours[1] ?? "web"}${ours[2] ? `/${ours[2]}` : ""}`;
  return source.replace(/^(\.\.\/)+/, "");
}
