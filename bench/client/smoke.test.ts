/**
 * Smoke run of the client bench at a tiny size (2,000 messages, scroll 300): it completes,
 * opens the chat from the cache, scrolls with older pages loading from the cache, and writes its JSON. Speed
 * is not asserted: benchmarks are not tests. Needs a Chromium; Playwright never downloads one
 * here, so without /usr/bin/chromium (or CHROMIUM_PATH) the test is skipped and says why.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../lib/paths.js";

const run = promisify(execFile);
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const hasChromium = fs.existsSync(chromiumPath);
// The suite runs before `npm test` builds the web app, and a smoke run should not spend a minute
// building: it uses whatever dist exists (--build never) and is skipped when there is none.
const hasWebBuild = fs.existsSync(path.join(REPO_ROOT, "packages/web/dist/index.html"));
const skipReason = !hasChromium
  ? ` (skipped: no Chromium at ${chromiumPath}; set CHROMIUM_PATH)`
  : !hasWebBuild
    ? " (skipped: packages/web/dist is missing; run `npm run build:web`)"
    : "";

type ClientResult = {
  open: { runs: { clickToPaintMs: number; bubblesInDom: number }[] };
  scrollUp: { messagesPassed: number; frames: number; maxMessageNodes: number; historyRequests: number };
  heap: { beforeMiB: number; afterScrollUpMiB: number };
  bundle: { totalGzipBytes: number; assets: unknown[] };
};

describe("client bench at tiny size", () => {
  it.skipIf(skipReason !== "")(
    `opens a cached chat, scrolls through older pages and sizes the bundle${skipReason}`,
    async () => {
      const dir = await fsp.mkdtemp(path.join(os.tmpdir(), "bench-client-smoke-"));
      const out = path.join(dir, "result.json");
      try {
        await run(
          process.execPath,
          [
            ...["--import", "tsx", path.join(REPO_ROOT, "bench/client/run.ts")],
            ...["--messages", "2000", "--scroll", "300", "--open-runs", "1", "--time-limit", "280"],
            ...["--build", "never", "--out", out],
          ],
          { cwd: REPO_ROOT, env: process.env, timeout: 300_000, maxBuffer: 16 * 1024 * 1024 },
        );
        const result = JSON.parse(await fsp.readFile(out, "utf8")) as ClientResult;
        expect(result.open.runs).toHaveLength(1);
        expect(result.open.runs[0]?.bubblesInDom).toBeGreaterThan(0);
        expect(result.scrollUp.messagesPassed).toBeGreaterThanOrEqual(300);
        // The bench seeds the browser's cache with the whole history: older pages come from it.
        expect(result.scrollUp.historyRequests).toBe(0);
        expect(result.scrollUp.frames).toBeGreaterThan(10);
        expect(result.scrollUp.maxMessageNodes).toBeGreaterThan(0);
        expect(result.heap.beforeMiB).toBeGreaterThan(0);
        expect(result.bundle.totalGzipBytes).toBeGreaterThan(0);
      } finally {
        await fsp.rm(dir, { recursive: true, force: true });
      }
    },
  );
});
