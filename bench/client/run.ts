/**
 * Client smoothness bench: the built web app, served by the real server, in Debian's Chromium
 * (Playwright, headless). A direct chat holds N messages on the server and in the browser's
 * IndexedDB cache (identical copies); the bench times opening it from the chat list, scrolls
 * fast through older messages while recording frames, long tasks, DOM size and JS heap, and
 * sizes the initial bundle. Prints a table against the targets and writes JSON.
 *
 *   npm run bench:client                                   # 100,000 messages, scroll 5,000
 *   npm run bench:client -- --messages 2000 --scroll 300   # smoke size
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { type Browser, chromium, type Page } from "@playwright/test";
import { ApiClient, cacheDatabaseName } from "@teamchat/sdk";
import { listOption, parseArgs } from "../lib/args.js";
import { RESULTS_DIR } from "../lib/paths.js";
import { createScratchDatabase } from "../lib/postgres-db.js";
import { formatTable, writeResults } from "../lib/results.js";
import { withStorage } from "../lib/seed-database.js";
import { type ServerProcess, startServer } from "../lib/server-process.js";
import { percentiles, round } from "../lib/stats.js";
import { type BrowserProfile, summarizeBrowserProfile } from "./browser-profile.js";
import { type BundleReport, measureInitialBundle } from "./bundle-size.js";
import {
  armOpenProbe,
  awaitOpenProbe,
  NAME_HELPER_SHIM,
  type OpenProbeResult,
  putIntoCache,
  type ScrollRunResult,
  scrollThrough,
} from "./in-page.js";
import { generateHistory } from "./messages.js";
import { seedServerHistory } from "./seed-server.js";
import { ensureWebBuild, WEB_DIST } from "./web-build.js";

const args = parseArgs({
  messages: 100_000,
  scroll: 5_000,
  /** Pixels per animation frame: 120 px at 60 fps is a 7,200 px/s fling, held for the whole run. */
  stepPx: 120,
  openRuns: 3,
  /** Scroll back down over what was loaded, to tell rendering leaks from data that was fetched. */
  returnPass: true,
  storage: "pglite",
  build: "auto",
  chromium: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  /** CPU-profile the last open and both scroll passes (CDP Profiler; slows them: numbers are then not comparable). */
  profile: false,
  /** The whole run is aborted (browser and server stopped) after this many seconds. */
  timeLimit: 290,
  out: "",
});
if (args.messages < 100 || args.messages > 500_000) throw new Error("--messages must be in [100, 500000]");
if (args.scroll < 50 || args.scroll >= args.messages) throw new Error("--scroll must be in [50, --messages)");
const [storage] = listOption(args.storage, ["pglite", "postgres"] as const);
if (!storage) throw new Error("--storage pglite|postgres");
if (storage === "postgres" && !process.env.DATABASE_URL) throw new Error("--storage postgres needs DATABASE_URL");
const buildMode = listOption(args.build, ["auto", "always", "never"] as const)[0] ?? "auto";

/** The launch flags of playwright.config.ts: no sandbox (container), no GPU, no background traffic. */
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const VIEWPORT = { width: 1280, height: 800 };
const PASSWORD = "bench password 1234";
const SELECTORS = {
  chatItem: '[data-testid="chat-list-item"]',
  bubble: '[data-testid="message"]',
  list: '[data-testid="message-list"]',
};
/** Messages per page.evaluate call while filling the cache (~2 MB of JSON each). */
const CACHE_CHUNK = 5_000;

const TARGETS = {
  openMs: 300,
  meanFps: 55,
  longestTaskMs: 50,
  messageNodes: 200,
  bundleGzipKiB: 250,
};

// ── cleanup and the time limit ───────────────────────────────────────────────
const cleanups: (() => Promise<unknown>)[] = [];
async function cleanUp() {
  for (const fn of cleanups.splice(0).reverse()) await fn().catch(() => {});
}
const watchdog = setTimeout(async () => {
  console.error(`\nclient bench exceeded --time-limit ${args.timeLimit} s; stopping`);
  await cleanUp();
  process.exit(2);
}, args.timeLimit * 1000);
watchdog.unref();

const runStartedAt = performance.now();
const elapsed = () => `${round((performance.now() - runStartedAt) / 1000, 1)} s`;
const step = (what: string) => console.log(`  [${elapsed()}] ${what}`);

type ChatSetup = { chatId: string; readerId: string; readerUsername: string; peerName: string };

async function registerAndCreateChat(
  server: ServerProcess,
): Promise<ChatSetup & { firstSeq: number; firstChangeSeq: number; peerId: string }> {
  const suffix = Math.random().toString(36).slice(2, 8);
  const reader = await new ApiClient({ baseUrl: server.url }).register({
    username: `client-reader-${suffix}`,
    password: PASSWORD,
    displayName: "Reader",
  });
  const peerName = "Scroll Peer";
  const peer = await new ApiClient({ baseUrl: server.url }).register({
    username: `client-peer-${suffix}`,
    password: PASSWORD,
    displayName: peerName,
  });
  const api = new ApiClient({ baseUrl: server.url, getAccessToken: () => reader.accessToken });
  const { chat } = await api.createDirectChat(peer.user.id);
  return {
    chatId: chat.id,
    readerId: reader.user.id,
    readerUsername: `client-reader-${suffix}`,
    peerName,
    peerId: peer.user.id,
    // After whatever the server stored on creation (nothing today; a system message some day).
    firstSeq: chat.lastSeq + 1,
    firstChangeSeq: chat.changeSeq + 1,
  };
}

async function signIn(page: Page, url: string, username: string) {
  await page.goto(url);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByTestId("my-name").waitFor({ timeout: 30_000 });
  await page.locator(SELECTORS.chatItem).first().waitFor({ timeout: 30_000 });
}

/** After a (re)load: the chat list is shown and the start-up requests are done. */
async function settle(page: Page) {
  await page.locator(SELECTORS.chatItem).first().waitFor({ timeout: 30_000 });
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(500);
}

async function heapUsedAfterGc(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    // Twice: the first pass can leave objects that only the second finds unreachable.
    await cdp.send("HeapProfiler.collectGarbage");
    await cdp.send("HeapProfiler.collectGarbage");
    const usage = await cdp.send("Runtime.getHeapUsage");
    return usage.usedSize;
  } finally {
    await cdp.detach();
  }
}

const profiles: Record<string, Awaited<ReturnType<typeof summarizeBrowserProfile>> & { file: string }> = {};
const profileStamp = new Date().toISOString().replace(/[:.]/g, "-");

/** Runs `fn` under the CDP CPU profiler when --profile is given; saves and summarizes the profile. */
async function maybeProfiled<T>(page: Page, name: string, fn: () => Promise<T>): Promise<T> {
  if (!args.profile) return fn();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 250 });
  await cdp.send("Profiler.start");
  try {
    return await fn();
  } finally {
    const { profile } = await cdp.send("Profiler.stop");
    await cdp.detach();
    const file = path.join(RESULTS_DIR, `client-profile-${profileStamp}-${name}.cpuprofile`);
    await fs.mkdir(RESULTS_DIR, { recursive: true });
    await fs.writeFile(file, JSON.stringify(profile));
    const summary = await summarizeBrowserProfile(profile as unknown as BrowserProfile, webDir);
    profiles[name] = { file, ...summary };
    console.log(`\n  profile ${name}: ${file} (${summary.totalMs} ms sampled), self time by file and by line:`);
    console.log(formatTable(summary.byFile.slice(0, 10).map((f) => ({ file: f.where, ms: f.ms, "%": f.percent }))));
    console.log(formatTable(summary.byLine.slice(0, 12).map((f) => ({ line: f.where, ms: f.ms, "%": f.percent }))));
  }
}

function frameStats(run: ScrollRunResult) {
  const frames = percentiles(run.frameTimesMs);
  const totalFrameMs = run.frameTimesMs.reduce((a, b) => a + b, 0);
  return {
    frames: frames.count,
    meanFps: round(totalFrameMs > 0 ? (frames.count * 1000) / totalFrameMs : 0, 1),
    /** The fps of the slowest 1 % of frames (1000 / p99 frame time). */
    p1Fps: round(frames.p99 > 0 ? 1000 / frames.p99 : 0, 1),
    frameMs: { p50: round(frames.p50), p95: round(frames.p95), p99: round(frames.p99), max: round(frames.max) },
    // 16.7 ms is one frame at 60 Hz; rAF timestamps jitter by ~0.1 ms, so 17 is "over one frame".
    framesOver16_7ms: run.frameTimesMs.filter((t) => t > 17).length,
    framesOver33ms: run.frameTimesMs.filter((t) => t > 33.4).length,
    longTasksOver50ms: run.longTasks.filter((t) => t.durationMs > 50).length,
    longestTaskMs: round(Math.max(0, ...run.longTasks.map((t) => t.durationMs)), 1),
    longTaskTotalMs: round(
      run.longTasks.reduce((a, t) => a + t.durationMs, 0),
      1,
    ),
  };
}

/** The scripts that ran in the slowest frames, summed by what they were, for the note. */
function slowFrameCulprits(run: ScrollRunResult, top = 8) {
  const byWhat = new Map<string, { ms: number; frames: number }>();
  for (const frame of run.slowFrames) {
    for (const s of frame.scripts) {
      const entry = byWhat.get(s.what) ?? { ms: 0, frames: 0 };
      entry.ms += s.durationMs;
      entry.frames++;
      byWhat.set(s.what, entry);
    }
  }
  return [...byWhat]
    .sort((a, b) => b[1].ms - a[1].ms)
    .slice(0, top)
    .map(([what, e]) => ({ what, totalMs: round(e.ms, 1), frames: e.frames }));
}

// ── the run ──────────────────────────────────────────────────────────────────
console.log(
  `▶ client bench: ${args.messages.toLocaleString()} messages, scroll ${args.scroll.toLocaleString()}, ${storage}`,
);
const build = ensureWebBuild(buildMode);
step(build.built ? `web app built in ${round(build.buildMs / 1000, 1)} s` : "web app dist is up to date");
const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "teamchat-client-bench-"));
cleanups.push(() => fs.rm(dataDir, { recursive: true, force: true }));
// A private copy of the build is served and profiled: someone rebuilding packages/web/dist
// during the run would otherwise swap chunks (and their sourcemaps) under the page.
const webDir = path.join(dataDir, "web-dist");
await fs.cp(WEB_DIST, webDir, { recursive: true });
const bundle: BundleReport = await measureInitialBundle(webDir);
step(`initial bundle: ${round(bundle.totalGzipBytes / 1024, 1)} KiB gzipped`);
const scratch =
  storage === "postgres" && process.env.DATABASE_URL
    ? await createScratchDatabase(process.env.DATABASE_URL, "bench_client")
    : null;
if (scratch) cleanups.push(() => scratch.drop());
const where = { dataDir, databaseUrl: scratch?.url };
const serveWebApp = { extraEnv: { WEB_DIST_DIR: webDir } };

let result: Record<string, unknown>;
try {
  // 1. Accounts and the chat through the real API, then the history into the stopped server's
  //    database (PGlite has one owner at a time, so it is seeded between two server runs).
  let server = await startServer({ kind: storage, ...where, ...serveWebApp });
  const setup = await registerAndCreateChat(server).finally(() => server.stop());
  const history = generateHistory({
    chatId: setup.chatId,
    senderIds: [setup.peerId, setup.readerId],
    count: args.messages,
    firstSeq: setup.firstSeq,
    firstChangeSeq: setup.firstChangeSeq,
  });
  step(
    `generated ${args.messages.toLocaleString()} messages (mean ${history.stats.meanLength} chars, ` +
      `${history.stats.multiLine.toLocaleString()} multi-line, ${history.stats.markdown.toLocaleString()} markdown)`,
  );
  const seedStarted = performance.now();
  await withStorage(where, (database) =>
    seedServerHistory(database, setup.chatId, history.messages, (done) => {
      if (done % 20_000 === 0 || done === args.messages) step(`server seeded ${done.toLocaleString()}`);
    }),
  );
  const serverSeedMs = performance.now() - seedStarted;
  server = await startServer({ kind: storage, ...where, ...serveWebApp });
  cleanups.push(() => server.stop());

  // 2. The reader signs in in Chromium (the app creates its cache database), then the same
  //    messages go into that database, with the chat's sync cursor at its newest change so the
  //    app trusts the cache and asks the server for nothing older than what it shows.
  const browser: Browser = await chromium.launch({
    executablePath: args.chromium,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  cleanups.push(() => browser.close());
  const context = await browser.newContext({ viewport: VIEWPORT });
  await context.addInitScript({ content: NAME_HELPER_SHIM });
  const page = await context.newPage();
  await signIn(page, server.url, setup.readerUsername);
  step("signed in");
  const databaseName = cacheDatabaseName(setup.readerId);
  const newest = history.messages.at(-1);
  const cacheStarted = performance.now();
  for (let from = 0; from < history.messages.length; from += CACHE_CHUNK) {
    const messages = history.messages.slice(from, from + CACHE_CHUNK);
    const last = from + CACHE_CHUNK >= history.messages.length;
    const meta = last && newest ? { key: `cursor:${setup.chatId}`, value: newest.changeSeq } : null;
    await page.evaluate(putIntoCache, { databaseName, messages, meta });
  }
  const cacheSeedMs = performance.now() - cacheStarted;
  step(`browser cache seeded with ${args.messages.toLocaleString()} messages in ${round(cacheSeedMs / 1000, 1)} s`);

  // 3. Open the chat from the list, each time on a freshly loaded app (state empty, cache full).
  const opens: OpenProbeResult[] = [];
  for (let i = 0; i < args.openRuns; i++) {
    await page.reload();
    await settle(page);
    await page.evaluate(armOpenProbe, { chatItemSelector: SELECTORS.chatItem, bubbleSelector: SELECTORS.bubble });
    const click = async () => {
      await page.locator(SELECTORS.chatItem).filter({ hasText: setup.peerName }).click();
      return page.evaluate(awaitOpenProbe);
    };
    opens.push(i === args.openRuns - 1 ? await maybeProfiled(page, "open", click) : await click());
  }
  const openMs = percentiles(opens.map((o) => o.clickToPaintMs));
  step(`opened ${opens.length}×: ${opens.map((o) => round(o.clickToPaintMs, 1)).join(", ")} ms to a painted bubble`);

  // 4. Scroll up through older messages (pages load from the server as the list needs them),
  //    then back down over what was loaded. Heap after a forced GC before, between and after.
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(500);
  const heapBefore = await heapUsedAfterGc(page);
  const scrollLimitMs = Math.max(20_000, (args.timeLimit * 1000 - (performance.now() - runStartedAt)) / 2.5);
  const up = await maybeProfiled(page, "scroll-up", () =>
    page.evaluate(scrollThrough, {
      listSelector: SELECTORS.list,
      bubbleSelector: SELECTORS.bubble,
      direction: "up" as const,
      messages: args.scroll,
      stepPx: args.stepPx,
      timeLimitMs: scrollLimitMs,
    }),
  );
  step(`scrolled up ${up.messagesPassed.toLocaleString()} messages in ${round(up.durationMs / 1000, 1)} s`);
  await page.waitForTimeout(300);
  const heapAfterUp = await heapUsedAfterGc(page);
  let down: ScrollRunResult | null = null;
  let heapAfterDown: number | null = null;
  if (args.returnPass) {
    down = await maybeProfiled(page, "scroll-down", () =>
      page.evaluate(scrollThrough, {
        listSelector: SELECTORS.list,
        bubbleSelector: SELECTORS.bubble,
        direction: "down" as const,
        messages: up.messagesPassed,
        stepPx: args.stepPx,
        timeLimitMs: scrollLimitMs,
      }),
    );
    step(
      `scrolled back down ${down.messagesPassed.toLocaleString()} messages in ${round(down.durationMs / 1000, 1)} s`,
    );
    await page.waitForTimeout(300);
    heapAfterDown = await heapUsedAfterGc(page);
  }

  const upStats = frameStats(up);
  const downStats = down ? frameStats(down) : null;
  const mib = (bytes: number) => round(bytes / 1024 / 1024, 1);
  const heapGrowthUp = heapAfterUp - heapBefore;
  result = {
    kind: "client",
    at: new Date().toISOString(),
    args,
    chromium: browser.version(),
    storage,
    history: history.stats,
    setup: {
      build,
      serverSeedMs: Math.round(serverSeedMs),
      cacheSeedMs: Math.round(cacheSeedMs),
    },
    open: { runs: opens, clickToPaintMs: openMs },
    scrollUp: { ...upStats, ...summaryOf(up), slowFrameCulprits: slowFrameCulprits(up) },
    scrollDown:
      down && downStats ? { ...downStats, ...summaryOf(down), slowFrameCulprits: slowFrameCulprits(down) } : null,
    heap: {
      beforeMiB: mib(heapBefore),
      afterScrollUpMiB: mib(heapAfterUp),
      afterReturnPassMiB: heapAfterDown === null ? null : mib(heapAfterDown),
      growthUpMiB: mib(heapGrowthUp),
      growthPerLoadedMessageBytes: Math.round(heapGrowthUp / Math.max(1, up.messagesPassed)),
      growthReturnPassMiB: heapAfterDown === null ? null : mib(heapAfterDown - heapAfterUp),
    },
    bundle,
    profiles: args.profile ? profiles : null,
    elapsedS: round((performance.now() - runStartedAt) / 1000, 1),
  };
  printTable(bundle, opens, upStats, downStats, up, down, {
    before: heapBefore,
    afterUp: heapAfterUp,
    afterDown: heapAfterDown,
  });
} finally {
  await cleanUp();
  clearTimeout(watchdog);
}

function summaryOf(run: ScrollRunResult) {
  return {
    durationMs: Math.round(run.durationMs),
    messagesPassed: run.messagesPassed,
    reachedGoal: run.reachedGoal,
    maxMessageNodes: run.maxMessageNodes,
    maxDomElements: run.maxDomElements,
    framesWaitingForData: run.framesWaitingForData,
    historyRequests: run.historyRequests,
    longTasks: run.longTasks.map((t) => ({ startMs: round(t.startMs, 1), durationMs: round(t.durationMs, 1) })),
  };
}

function printTable(
  bundleReport: BundleReport,
  opens: OpenProbeResult[],
  up: ReturnType<typeof frameStats>,
  down: ReturnType<typeof frameStats> | null,
  upRun: ScrollRunResult,
  downRun: ScrollRunResult | null,
  heap: { before: number; afterUp: number; afterDown: number | null },
) {
  const verdict = (met: boolean) => (met ? "met" : "MISSED");
  const kib = (bytes: number) => round(bytes / 1024, 1);
  const mib = (bytes: number) => round(bytes / 1024 / 1024, 1);
  const worstOpen = Math.max(...opens.map((o) => o.clickToPaintMs));
  const medianOpen = percentiles(opens.map((o) => o.clickToPaintMs)).p50;
  const maxNodes = Math.max(upRun.maxMessageNodes, downRun?.maxMessageNodes ?? 0);
  const returnGrowth = heap.afterDown === null ? null : heap.afterDown - heap.afterUp;
  // Flat: a second pass over already-loaded messages must not grow the heap (rendering keeps
  // nothing); the first pass may grow by the fetched messages themselves.
  const flat = returnGrowth === null ? heap.afterUp - heap.before < 32 * 1024 * 1024 : returnGrowth < 2 * 1024 * 1024;
  const rows = [
    {
      measure: `open chat (${args.messages.toLocaleString()} cached) → painted, median / worst of ${opens.length}`,
      value: `${round(medianOpen, 1)} / ${round(worstOpen, 1)} ms`,
      target: `≤ ${TARGETS.openMs} ms`,
      verdict: verdict(worstOpen <= TARGETS.openMs),
    },
    {
      measure: `scroll up ${upRun.messagesPassed.toLocaleString()} msgs: fps mean / 1st pct`,
      value: `${up.meanFps} / ${up.p1Fps}`,
      target: `≥ ${TARGETS.meanFps} mean`,
      verdict: verdict(up.meanFps >= TARGETS.meanFps && upRun.reachedGoal),
    },
    {
      measure: "scroll up: frames > 16.7 / > 33 ms (of all)",
      value: `${up.framesOver16_7ms} / ${up.framesOver33ms} (of ${up.frames})`,
      target: "",
      verdict: "",
    },
    {
      measure: "scroll up: long tasks > 50 ms, longest",
      value: `${up.longTasksOver50ms}, ${up.longestTaskMs} ms`,
      target: `none > ${TARGETS.longestTaskMs} ms`,
      verdict: verdict(up.longestTaskMs <= TARGETS.longestTaskMs),
    },
    ...(down && downRun
      ? [
          {
            measure: `scroll back down ${downRun.messagesPassed.toLocaleString()} (loaded): fps mean / 1st pct`,
            value: `${down.meanFps} / ${down.p1Fps}`,
            target: `≥ ${TARGETS.meanFps} mean`,
            verdict: verdict(down.meanFps >= TARGETS.meanFps),
          },
          {
            measure: "scroll down: long tasks > 50 ms, longest",
            value: `${down.longTasksOver50ms}, ${down.longestTaskMs} ms`,
            target: `none > ${TARGETS.longestTaskMs} ms`,
            verdict: verdict(down.longestTaskMs <= TARGETS.longestTaskMs),
          },
        ]
      : []),
    {
      measure: "message nodes in the DOM while scrolling (max)",
      value: `${maxNodes} (all elements ${Math.max(upRun.maxDomElements, downRun?.maxDomElements ?? 0)})`,
      target: `< ${TARGETS.messageNodes}`,
      verdict: verdict(maxNodes < TARGETS.messageNodes),
    },
    {
      measure: "JS heap after GC: before → after up → after down",
      value: `${mib(heap.before)} → ${mib(heap.afterUp)}${heap.afterDown === null ? "" : ` → ${mib(heap.afterDown)}`} MiB`,
      target: "flat",
      verdict: verdict(flat),
    },
    {
      measure: "initial JS+CSS gzipped (index.html + static imports)",
      value: `${kib(bundleReport.totalGzipBytes)} KiB (${kib(bundleReport.totalBytes)} raw)`,
      target: `≤ ${TARGETS.bundleGzipKiB} KiB`,
      verdict: verdict(bundleReport.totalGzipBytes <= TARGETS.bundleGzipKiB * 1024),
    },
  ];
  console.log(`\n${formatTable(rows)}`);
  console.log("\ninitial bundle by package (approx. gzip share):");
  console.log(
    formatTable(
      bundleReport.largestModules.slice(0, 10).map((m) => ({
        module: m.module,
        "raw KiB": kib(m.bytes),
        "%": m.percent,
        "≈gzip KiB": kib(m.approxGzipBytes),
      })),
    ),
  );
  const culprits = slowFrameCulprits(upRun, 5);
  if (culprits.length > 0) {
    console.log("\nscripts in frames > 50 ms while scrolling up (long-animation-frame):");
    console.log(formatTable(culprits.map((c) => ({ script: c.what, "total ms": c.totalMs, frames: c.frames }))));
  }
}

const file = await writeResults("client", result, args.out || undefined);
console.log(`\nJSON: ${file}  (${elapsed()})`);
