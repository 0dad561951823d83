import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "../lib/paths.js";

export const WEB_DIST = path.join(REPO_ROOT, "packages/web/dist");

/** Everything that ends up in the web bundle: the app and the workspaces it imports. */
const BUNDLE_INPUTS = [
  "packages/web/src",
  "packages/web/index.html",
  "packages/web/vite.config.ts",
  "packages/sdk/src",
  "packages/protocol/src",
].map((p) => path.join(REPO_ROOT, p));

function newestMtime(target: string): number {
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return /\.test\.tsx?$/.test(target) ? 0 : stat.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

/**
 * Builds the web app (`npm run build:web`) when dist is missing or older than any source that
 * goes into it, so the bench never measures a stale bundle. Returns whether it built.
 */
export function ensureWebBuild(mode: "auto" | "always" | "never"): { built: boolean; buildMs: number } {
  const index = path.join(WEB_DIST, "index.html");
  const builtAt = fs.statSync(index, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  const stale = builtAt === 0 || Math.max(...BUNDLE_INPUTS.map(newestMtime)) > builtAt;
  if (mode === "never" || (mode === "auto" && !stale)) {
    if (builtAt === 0) throw new Error("packages/web/dist is missing: run `npm run build:web` or drop --build never");
    return { built: false, buildMs: 0 };
  }
  console.log("  building the web app (npm run build:web) …");
  const started = performance.now();
  const result = spawnSync("npm", ["run", "build:web"], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
  if (result.status !== 0) {
    throw new Error(`npm run build:web failed:\n${result.stdout?.toString()}\n${result.stderr?.toString()}`);
  }
  return { built: true, buildMs: Math.round(performance.now() - started) };
}
