/**
 * Main-thread blocks while opening (issue 15: "never block the main thread > 50 ms on open"): the
 * built web app, served by the real server, in Debian's Chromium (Playwright, headless). Long
 * tasks (PerformanceObserver `longtask`, observed from the first script of the page) and
 * long animation frames (`long-animation-frame`, which name the scripts that ran) are recorded in:
 *
 *   - cold start to the chat list (a new browser context, no HTTP or code cache, holding a
 *     signed-in session and its cache),
 *   - opening a direct chat of 1,000 messages from the list (its newest page in the app's
 *     IndexedDB cache, as on any device that opened it before),
 *   - switching to a second chat of 1,000 messages and back.
 *
 * Baselines in the same run, same browser: the app idle on its chat list for as long as a
 * scenario lasts (the machine's own noise), and a cold load of the sign-in screen (the bundle's
 * parse and first render with no data). `--profile` CPU-profiles one run of each scenario and
 * prints self time by source line (through the build's source maps).
 *
 *   npm run bench:client-open                          # 3 runs of each
 *   npm run bench:client-open -- --runs 5 --profile
 *   npm run bench:client-open -- --compare /tmp/old-dist --throttle 4
 *
 * `--compare <dist dir>` serves a second build of the app (e.g. main's, built into another
 * directory) beside this one and measures both in every run, interleaved, so a before/after
 * comparison shares the machine's load. `--throttle N` slows the page's CPU N× (Chromium's CPU
 * throttling, as DevTools' "4× slowdown"): the work the app does stands out of the machine's
 * noise, and the ratio between two builds is less at the mercy of the load.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { type BrowserContext, chromium, type Page } from "@playwright/test";
import { ApiClient } from "@teamchat/sdk";
import { parseArgs } from "../lib/args.js";
import { formatTable, writeResults } from "../lib/results.js";
import { withStorage } from "../lib/seed-database.js";
import { startServer } from "../lib/server-process.js";
import { round } from "../lib/stats.js";
import { type BrowserProfile, summarizeBrowserProfile } from "./browser-profile.js";
import { NAME_HELPER_SHIM } from "./in-page.js";
import { generateHistory } from "./messages.js";
import { seedServerHistory } from "./seed-server.js";
import { ensureWebBuild, WEB_DIST } from "./web-build.js";

const args = parseArgs({
  messages: 1_000,
  /** Small group chats besides the two big ones, so the list is a realistic size. */
  otherChats: 30,
  runs: 3,
  /** How long after a scenario's end condition long tasks still count (late effects, idle work). */
  settleMs: 1_000,
  build: "auto",
  chromium: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  profile: false,
  timeLimit: 280,
  out: "",
  /** Another build's dist directory, measured in the same runs (served at /compare.html). */
  compare: "",
  /** CPU throttling rate for the measured pages (1 = none). */
  throttle: 1,
});
const PASSWORD = "bench password 1234";
const LIMIT_MS = 50;
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync"];
const BIG = ["Big One", "Big Two"] as const;

/** Installed before any page script: keeps every long task and long animation frame. */
const OBSERVER = `
  globalThis.__blocks = { tasks: [], frames: [] };
  for (const [type, key] of [["longtask", "tasks"], ["long-animation-frame", "frames"]]) {
    try {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) globalThis.__blocks[key].push({
          startMs: e.startTime, durationMs: e.duration,
          blockingMs: e.blockingDuration ?? Math.max(0, e.duration - 50),
          scripts: (e.scripts ?? []).map((s) => ({
            ms: s.duration, invoker: s.invoker, url: s.sourceURL, fn: s.sourceFunctionName, at: s.sourceCharPosition,
          })),
        });
      }).observe({ type, buffered: true });
    } catch {}
  }`;

type Block = {
  startMs: number;
  durationMs: number;
  blockingMs: number;
  scripts: { ms: number; invoker: string; url: string; fn: string; at: number }[];
};
type Sample = { tasks: Block[]; frames: Block[]; wallMs: number };

const watchdog = setTimeout(() => {
  console.error(`client-open bench exceeded --time-limit ${args.timeLimit} s`);
  process.exit(2);
}, args.timeLimit * 1000);
watchdog.unref();
const started = performance.now();
const step = (what: string) => console.log(`  [${round((performance.now() - started) / 1000, 1)} s] ${what}`);

/** Clears what was recorded so far (the next scenario counts from here). */
const reset = (page: Page) =>
  page.evaluate(() => {
    const g = globalThis as unknown as { __blocks: { tasks: unknown[]; frames: unknown[] } };
    g.__blocks.tasks.length = 0;
    g.__blocks.frames.length = 0;
  });

async function collect(page: Page, since: number): Promise<Sample> {
  await page.waitForTimeout(args.settleMs);
  const blocks = await page.evaluate(
    () => (globalThis as unknown as { __blocks: { tasks: Block[]; frames: Block[] } }).__blocks,
  );
  return { ...blocks, wallMs: performance.now() - since };
}

/** Slows the page's CPU (set per page, before it loads anything). */
async function throttled(page: Page): Promise<Page> {
  if (args.throttle > 1) {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: args.throttle });
  }
  return page;
}

const profiles: Record<string, unknown> = {};
async function measured(page: Page, name: string, profile: boolean, fn: () => Promise<void>): Promise<Sample> {
  const cdp = profile ? await page.context().newCDPSession(page) : null;
  if (cdp) {
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
    await cdp.send("Profiler.start");
  }
  const since = performance.now();
  await fn();
  const sample = await collect(page, since);
  if (cdp) {
    const { profile: cpu } = await cdp.send("Profiler.stop");
    await cdp.detach();
    const summary = await summarizeBrowserProfile(cpu as unknown as BrowserProfile, webDir, 12);
    profiles[name] = summary;
    console.log(`\n  profile of "${name}" (${summary.totalMs} ms sampled), self time by line:`);
    console.log(formatTable(summary.byLine.map((l) => ({ line: l.where, ms: l.ms, "%": l.percent }))));
  }
  return sample;
}

async function signedInPage(context: BrowserContext, url: string, username: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByTestId("chat-list-item").first().waitFor({ timeout: 30_000 });
  await page.waitForLoadState("networkidle");
  return page;
}

/**
 * Clicks the chat in the list, then waits for its title and a bubble with a plain querySelector
 * polled each frame: Playwright's locator checks (visibility, computed styles) run in the page's
 * main thread too and would add their own time to the long tasks measured.
 */
const openChat = async (page: Page, title: string) => {
  await page.getByTestId("chat-list-item").filter({ hasText: title }).click();
  await page.waitForFunction(
    (wanted) => {
      const doc = (globalThis as unknown as { document: { querySelector(s: string): { textContent: string } | null } })
        .document;
      return (
        doc.querySelector('[data-testid="chat-title"]')?.textContent === wanted &&
        doc.querySelector('[data-testid="message"]') !== null
      );
    },
    title,
    { polling: "raf", timeout: 30_000 },
  );
};

// ── setup: accounts and chats through the API, the two histories seeded into the database ──
console.log(
  `▶ client open bench: chats of ${args.messages.toLocaleString()} messages, ${args.runs} runs, load average ${os
    .loadavg()
    .map((l) => round(l, 1))
    .join(" ")}`,
);
const build = ensureWebBuild(args.build as "auto" | "always" | "never");
step(build.built ? `web app built in ${round(build.buildMs / 1000, 1)} s` : "web app dist is up to date");
const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "teamchat-open-bench-"));
const webDir = path.join(dataDir, "web-dist");
await fs.cp(WEB_DIST, webDir, { recursive: true });
/** The builds measured: this one at /, and the one to compare with (its hashed assets beside ours). */
const variants = [{ name: "", path: "/" }];
if (args.compare) {
  await fs.cp(path.join(args.compare, "assets"), path.join(webDir, "assets"), { recursive: true, force: false });
  await fs.copyFile(path.join(args.compare, "index.html"), path.join(webDir, "compare.html"));
  variants[0] = { name: "this build: ", path: "/" };
  variants.push({ name: "compare: ", path: "/compare.html" });
}
const where = { dataDir };
const serve = { extraEnv: { WEB_DIST_DIR: webDir } };
let server = await startServer({ kind: "pglite", ...where, ...serve });
const suffix = Math.random().toString(36).slice(2, 8);
const register = (name: string, displayName: string) =>
  new ApiClient({ baseUrl: server.url }).register({ username: `${name}-${suffix}`, password: PASSWORD, displayName });
const reader = await register("open-reader", "Reader");
const peers = [await register("open-one", BIG[0]), await register("open-two", BIG[1])];
const api = new ApiClient({ baseUrl: server.url, getAccessToken: () => reader.accessToken });
const bigChats: { peer: typeof reader; chat: Awaited<ReturnType<ApiClient["createDirectChat"]>>["chat"] }[] = [];
for (const peer of peers) bigChats.push({ peer, chat: (await api.createDirectChat(peer.user.id)).chat });
for (let i = 0; i < args.otherChats; i++) {
  await api.createGroupChat({ name: `Team ${i + 1}`, memberIds: [peers[i % 2]?.user.id ?? ""] });
}
await server.stop();
await withStorage(where, async (database) => {
  for (const [i, { peer, chat }] of bigChats.entries()) {
    const history = generateHistory({
      chatId: chat.id,
      senderIds: [peer.user.id, reader.user.id],
      count: args.messages,
      firstSeq: chat.lastSeq + 1,
      firstChangeSeq: chat.changeSeq + 1,
      seed: 100 + i,
    });
    await seedServerHistory(database, chat.id, history.messages, () => {});
  }
});
server = await startServer({ kind: "pglite", ...where, ...serve });
step(`seeded 2 × ${args.messages.toLocaleString()} messages and ${args.otherChats} small chats`);

const browser = await chromium.launch({ executablePath: args.chromium, headless: true, args: CHROMIUM_ARGS });
const chromiumVersion = browser.version();
// One sign-in; each run starts from its saved state (the first opens read the server, later
// runs' opens find the chats in the IndexedDB cache the first run filled).
const first = await browser.newContext({ viewport: { width: 1280, height: 800 } });
const firstPage = await signedInPage(first, server.url, `open-reader-${suffix}`);
await openChat(firstPage, BIG[0]);
await openChat(firstPage, BIG[1]);
await firstPage.waitForLoadState("networkidle");
// Refresh tokens rotate (a reused one revokes the login): each run hands its state to the next.
let signedIn = await first.storageState({ indexedDB: true });
await first.close();
const SCENARIOS = [
  "baseline: app idle on the chat list",
  "baseline: sign-in screen, cold load",
  "cold start → chat list",
  `open chat (${args.messages} msgs) from the list`,
  `switch to the other chat (${args.messages} msgs)`,
  "switch back",
];
const scenarios: Record<string, Sample[]> = {};
for (const v of variants) for (const name of SCENARIOS) scenarios[v.name + name] = [];
try {
  for (let run = 0; run < args.runs; run++) {
    for (const variant of variants) {
      const profile = args.profile && run === args.runs - 1;
      const record = (i: number, sample: Sample) => scenarios[variant.name + SCENARIOS[i]]?.push(sample);
      const url = new URL(variant.path, server.url).toString();
      // Baseline: the sign-in screen, in a context of its own (no session).
      const anonymous = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      await anonymous.addInitScript({ content: `${NAME_HELPER_SHIM}\n${OBSERVER}` });
      const signIn = await throttled(await anonymous.newPage());
      record(
        1,
        await measured(signIn, `${variant.name}sign-in`, profile, async () => {
          await signIn.goto(url);
          await signIn.getByLabel("Username").waitFor();
        }),
      );
      await anonymous.close();

      // Cold start: a new browser context (no HTTP or code cache, nothing in memory) holding the
      // signed-in state (refresh cookie, local storage, IndexedDB cache) of an earlier session.
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, storageState: signedIn });
      await context.addInitScript({ content: `${NAME_HELPER_SHIM}\n${OBSERVER}` });
      const page = await throttled(await context.newPage());
      record(
        2,
        await measured(page, `${variant.name}cold-start`, profile, async () => {
          await page.goto(url);
          await page.getByTestId("chat-list-item").first().waitFor({ timeout: 30_000 });
        }),
      );
      await page.waitForLoadState("networkidle");
      await page.waitForTimeout(500);
      await reset(page);
      record(
        0,
        await measured(page, "idle", false, async () => {
          await page.waitForTimeout(1_500);
        }),
      );
      await page.waitForLoadState("networkidle");
      await reset(page);
      record(3, await measured(page, `${variant.name}open`, profile, () => openChat(page, BIG[0])));
      await reset(page);
      record(4, await measured(page, `${variant.name}switch`, profile, () => openChat(page, BIG[1])));
      await reset(page);
      record(5, await measured(page, "switch-back", false, () => openChat(page, BIG[0])));
      signedIn = await context.storageState({ indexedDB: true });
      await context.close();
      step(`run ${run + 1} of ${args.runs}${variant.name ? `, ${variant.name.slice(0, -2)}` : ""} done`);
    }
  }
} finally {
  await browser.close().catch(() => {});
  await server.stop().catch(() => {});
  await fs.rm(dataDir, { recursive: true, force: true }).catch(() => {});
  clearTimeout(watchdog);
}

// ── report ──
const summary = Object.entries(scenarios).map(([scenario, samples]) => {
  const tasks = samples.flatMap((s) => s.tasks);
  const longest = Math.max(0, ...tasks.map((t) => t.durationMs));
  return {
    scenario,
    runs: samples.length,
    tasksOver50PerRun: round(tasks.filter((t) => t.durationMs > LIMIT_MS).length / Math.max(1, samples.length), 1),
    longestTaskMs: round(longest, 1),
    longestPerRunMs: samples.map((s) => round(Math.max(0, ...s.tasks.map((t) => t.durationMs)), 1)),
    blockingMsPerRun: round(tasks.reduce((a, t) => a + t.blockingMs, 0) / Math.max(1, samples.length), 1),
    /** Time in long tasks per run: the main thread's unbroken work, whatever the slowdown. */
    longTaskMsPerRun: round(tasks.reduce((a, t) => a + t.durationMs, 0) / Math.max(1, samples.length), 1),
    /** The scripts that ran in the long animation frames of this scenario, by total time. */
    scripts: topScripts(samples.flatMap((s) => s.frames)),
  };
});
const [idle, signInBase] = summary;
console.log(
  `load average at the end: ${os
    .loadavg()
    .map((l) => round(l, 1))
    .join(" ")}; throttle ${args.throttle}×`,
);
console.log(
  `\n${formatTable(
    summary.map((s) => ({
      scenario: s.scenario,
      "longest task ms (per run)": `${s.longestTaskMs} (${s.longestPerRunMs.join(", ")})`,
      "tasks > 50 ms / run": s.tasksOver50PerRun,
      "blocking ms / run": s.blockingMsPerRun,
      "long-task ms / run": s.longTaskMsPerRun,
      "vs sign-in": signInBase?.longestTaskMs ? `${round(s.longestTaskMs / signInBase.longestTaskMs, 2)}×` : "-",
      verdict: s.scenario.startsWith("baseline") ? "" : s.longestTaskMs <= LIMIT_MS ? "met" : "MISSED",
    })),
  )}`,
);
console.log(`idle noise floor: longest ${idle?.longestTaskMs} ms`);
for (const s of summary) {
  if (s.scripts.length === 0) continue;
  console.log(`\nscripts in long frames, ${s.scenario}:`);
  console.log(formatTable(s.scripts.slice(0, 5)));
}
const file = await writeResults(
  "client-open",
  { kind: "client-open", at: new Date().toISOString(), args, chromium: chromiumVersion, summary, scenarios, profiles },
  args.out || undefined,
);
console.log(`\nJSON: ${file}`);

function topScripts(frames: Block[]) {
  const by = new Map<string, number>();
  for (const f of frames) {
    for (const s of f.scripts) {
      const what = `${s.invoker} ${s.fn || ""} ${s.url.split("/").pop() ?? ""}:${s.at}`.trim();
      by.set(what, (by.get(what) ?? 0) + s.ms);
    }
  }
  return [...by]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([what, ms]) => ({ script: what, ms: round(ms, 1) }));
}
