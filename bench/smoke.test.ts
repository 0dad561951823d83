/**
 * Smoke run of each bench script at a tiny size: it completes, writes its JSON and, for the
 * load bench, accounts for every message. Speed is not asserted here; benchmarks are not tests.
 */
import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { nginxAvailable } from "../deploy/cluster.js";
import { REPO_ROOT } from "./lib/paths.js";
import type { TargetResult } from "./load/run-target.js";

const run = promisify(execFile);
const withPostgres = Boolean(process.env.DATABASE_URL);

async function runScript<T>(script: string, args: string[]): Promise<T> {
  const out = path.join(await fs.mkdtemp(path.join(os.tmpdir(), "bench-smoke-")), "result.json");
  try {
    await run(process.execPath, ["--import", "tsx", path.join(REPO_ROOT, script), ...args, "--out", out], {
      cwd: REPO_ROOT,
      env: process.env,
      timeout: 540_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    return JSON.parse(await fs.readFile(out, "utf8")) as T;
  } finally {
    await fs.rm(path.dirname(out), { recursive: true, force: true });
  }
}

describe.concurrent("bench scripts at tiny size", () => {
  it("burst: every message of each round acked, seqs gap-free, on the relay and the server", async () => {
    const { results } = await runScript<{
      results: { target: string; rounds: { acked: number; seqsOk: boolean }[] }[];
    }>("bench/burst/run.ts", ["--senders", "2", "--per-sender", "5", "--rounds", "1", "--targets", "bare,pglite"]);
    expect(results.map((r) => r.target)).toEqual(["bare", "pglite"]);
    for (const r of results) expect(r.rounds).toEqual([{ ...r.rounds[0], acked: 10, seqsOk: true }]);
  });

  it("load: every message sent, acked and delivered exactly once, on the relay and the server", async () => {
    const targets = withPostgres ? "bare,pglite,postgres" : "bare,pglite";
    const { results } = await runScript<{ results: TargetResult[] }>("bench/load/run.ts", [
      ...["--users", "10", "--duration", "2", "--group-size", "5", "--targets", targets],
    ]);
    expect(results).toHaveLength(targets.split(",").length * 2);
    for (const r of results) {
      const a = r.accounting;
      expect(r.connected, `${r.scenario}/${r.target}`).toBe(10);
      expect(a.sent, `${r.scenario}/${r.target}`).toBe(20);
      expect(a.acked, `${r.scenario}/${r.target}`).toBe(a.sent);
      expect(a.expectedDeliveries).toBe(r.scenario === "direct" ? 20 : 80);
      expect(a.delivered).toBe(a.expectedDeliveries);
      expect(a.missing + a.duplicates + r.disconnects + r.unparsed).toBe(0);
      expect(r.e2eMs.count).toBe(a.delivered);
      // The machine's share of the run: the generator and server alone keep it above zero.
      expect(r.machine.busyPercent).toBeGreaterThan(0);
      expect(r.machine.busyPercent + r.machine.stealPercent).toBeLessThanOrEqual(101); // each rounded
    }
  });

  it.skipIf(!withPostgres || !nginxAvailable())(
    "load on the 3-node cluster behind nginx: every message delivered once across nodes",
    async () => {
      const { results } = await runScript<{ results: TargetResult[] }>("bench/load/run.ts", [
        ...["--users", "12", "--duration", "2", "--scenarios", "direct", "--targets", "cluster"],
      ]);
      const [r] = results;
      expect(r?.connected).toBe(12);
      expect(r?.accounting.acked).toBe(24);
      expect(r?.accounting.delivered).toBe(24);
      expect((r?.accounting.missing ?? 1) + (r?.accounting.duplicates ?? 1)).toBe(0);
    },
  );

  it("history: seeds, then pages, searches and lists through the real routes", async () => {
    const storages = withPostgres ? "pglite,postgres" : "pglite";
    const { results } = await runScript<{ results: { messages: number; probes: { name: string; count: number }[] }[] }>(
      "bench/history/run.ts",
      [
        ...["--messages", "10000", "--chats", "5", "--per-chat", "20"],
        ...["--iterations", "5", "--search-iterations", "2", "--storages", storages],
      ],
    );
    expect(results).toHaveLength(storages.split(",").length);
    for (const r of results) {
      expect(r.messages).toBe(10_000);
      expect(r.probes).toHaveLength(9);
      for (const p of r.probes) expect(p.count, p.name).toBeGreaterThan(0);
    }
  });

  it("chat views: every wanted (viewer, chat) pair read, alone and in batches", async () => {
    const { results } = await runScript<{ results: { pairs: number; medianMs: number }[] }>(
      "bench/store/chat-views.ts",
      ["--storage", "pglite", "--iterations", "1"],
    );
    expect(results.map((r) => r.pairs)).toEqual([1, 10, 30, 100, 200]);
    for (const r of results) expect(r.medianMs).toBeGreaterThan(0);
  });

  it("idle: every socket connects and stays connected", async () => {
    const { results } = await runScript<{ results: { connected: number; stillConnectedAfterHold: number }[] }>(
      "bench/idle/run.ts",
      ["--connections", "100", "--hold", "1", "--targets", "bare,pglite"],
    );
    expect(results).toHaveLength(2);
    for (const r of results) {
      expect(r.connected).toBe(100);
      expect(r.stillConnectedAfterHold).toBe(100);
    }
  });

  it("upload: a file streams through the real upload route and the server's memory is sampled", async () => {
    const result = await runScript<{ uploads: unknown[]; server: { probeSamples: number; peakRssMiB: number } }>(
      "bench/upload/run.ts",
      ["--size-mb", "2", "--uploads", "1"],
    );
    expect(result.uploads).toHaveLength(1);
    expect(result.server.probeSamples).toBeGreaterThan(0);
    expect(result.server.peakRssMiB).toBeGreaterThan(0);
  });
});
