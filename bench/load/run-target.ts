import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { type MemoryParts, memoryParts } from "../lib/memory-parts.js";
import { createScratchDatabase } from "../lib/postgres-db.js";
import {
  cpuPercent,
  cpuSecondsOfCommand,
  machineCpuMeter,
  ownCpuMeter,
  type ProcSample,
  sampleProcess,
} from "../lib/proc-stats.js";
import { type StageHistograms, type StageTimes, scrapeSendStages, stageTimes } from "../lib/send-stages.js";
import { type ServerKind, startServer } from "../lib/server-process.js";
import { nowMs, type Percentiles, percentiles } from "../lib/stats.js";
import { allAnswer, WorkerHandle } from "../lib/worker-handle.js";
import { type Accounting, accountDeliveries } from "./accounting.js";
import { type ServerUnderTest, startClusterTarget } from "./cluster-target.js";
import { barePlan, chatLayout, type Plan, registeredPlan, type Scenario } from "./plan.js";
import type { FromWorker, ToWorker, UserReport, WorkerInit, WorkerReport, WorkerUser } from "./worker-protocol.js";

export type LoadOptions = {
  users: number;
  durationS: number;
  ratePerUser: number;
  groupSize: number;
  workers: number;
  registerConcurrency: number;
  connectConcurrency: number;
  deliveredEveryMs: number;
  postgresUrl: string | null;
  cpuProfDir: string | null;
  /** Added to the server's environment (a `--variants` entry). */
  serverEnv?: Record<string, string>;
  /** The target's name in results: "pglite[off]" for a variant. */
  label?: string;
};

/** A single server (or the bare relay), or three nodes behind nginx on PostgreSQL and Redis. */
export type LoadTarget = ServerKind | "cluster";

export type TargetResult = {
  scenario: Scenario;
  /** The target, with its variant: "pglite" or "pglite[off]". */
  target: string;
  users: number;
  chats: number;
  connected: number;
  connectFailures: number;
  setup: { registerMs: number; createChatsMs: number };
  connectAllMs: number;
  sendPhaseS: number;
  accounting: Accounting;
  e2eMs: Percentiles;
  /** Of messages sent 5 s or more after the start: without the first second's new-chat announcements. */
  e2eSteadyMs: Percentiles;
  /** e2e p99 of the messages sent in each 10 s of the send phase: whether the tail drifts. */
  e2eP99Per10s: number[];
  /** The same per second for the first 10 s: the start (new chats, cold code, first plans). */
  e2eP99PerSecondFirst10s: number[];
  ackMs: Percentiles;
  throughput: { ackedPerS: number; deliveriesPerS: number };
  server: {
    rssBeforeConnectMiB: number;
    rssConnectedMiB: number;
    /** Highest RSS sampled (every second) from connected to the end of the send phase. */
    rssPeakMiB: number;
    /**
     * The process's high-water mark (VmHWM) before the sockets connect: start-up (a new PGlite
     * data directory's initdb) and the users' registration (argon2), which the send phase never
     * returns to. Reported apart: before 2026-12-06 it was taken as the load's peak.
     */
    rssStartupPeakMiB: number;
    /** At the end of the send phase, still connected. */
    memoryParts: MemoryParts;
    /** The server's own per-stage timings of every send it took (its /metrics; empty for the relay). */
    sendStages: StageTimes;
    /** The same, of sends taken 5 s or more into the send phase (steady state, as `e2eSteadyMs`). */
    sendStagesSteady: StageTimes;
    rssPerConnectionKiB: number;
    cpuPercent: number;
    /** The main thread(s) alone: the event loop. The rest is the PGlite worker, GC helpers, libuv's pool. */
    mainThreadCpuPercent: number;
    /** CPU per acknowledged message during the send phase (all threads, and the main thread alone). */
    cpuMsPerMessage: number;
    mainThreadCpuMsPerMessage: number;
  };
  /** All `postgres` processes on the machine during the send phase (PostgreSQL target only). */
  postgresCpuPercent: number | null;
  /** The whole machine during the send phase, as % of all its cores (busy: every process and the kernel). */
  machine: { busyPercent: number; stealPercent: number };
  generator: { cpuPercent: number; lateSends: number; workers: number };
  receipts: { marksOk: number; marksFailed: number; deliveredEvents: number };
  ackErrorCodes: Record<string, number>;
  disconnects: number;
  unparsed: number;
};

const WORKER_URL = new URL("./worker.ts", import.meta.url);
type LoadWorker = WorkerHandle<ToWorker, FromWorker>;

function sumSamples(samples: ProcSample[]): ProcSample {
  return {
    at: performance.now(),
    rssBytes: samples.reduce((n, x) => n + x.rssBytes, 0),
    peakRssBytes: samples.reduce((n, x) => n + x.peakRssBytes, 0),
    cpuSeconds: samples.reduce((n, x) => n + x.cpuSeconds, 0),
    mainThreadCpuSeconds: samples.reduce((n, x) => n + x.mainThreadCpuSeconds, 0),
  };
}

const mibOf = (b: number) => Math.round((b / 1048576) * 10) / 10;

/** One scenario against one server: start it, set up users and chats, drive it, account, stop. */
export async function runTarget(scenario: Scenario, kind: LoadTarget, o: LoadOptions): Promise<TargetResult> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "teamchat-bench-"));
  const onPostgres = kind === "postgres" || kind === "cluster";
  const scratch = onPostgres && o.postgresUrl ? await createScratchDatabase(o.postgresUrl, "bench_load") : null;
  if (onPostgres && !scratch) throw new Error(`${kind} target needs DATABASE_URL`);
  const cpuProfDir = o.cpuProfDir ? path.join(o.cpuProfDir, `${scenario}-${kind}`) : undefined;
  const server: ServerUnderTest =
    kind === "cluster"
      ? await startClusterTarget(scratch?.url ?? "", cpuProfDir)
      : await startServer({
          kind,
          dataDir,
          databaseUrl: scratch?.url,
          cpuProfDir,
          extraEnv: { DATABASE_POOL_SIZE: "20", ...o.serverEnv },
        }).then((one) => ({ url: one.url, pids: () => [one.pid], stop: one.stop }));
  /** The serving processes summed: RSS and CPU of one node, or of all nodes of the cluster. */
  const sampleServer = () => sumSamples(server.pids().map(sampleProcess));
  const workers: LoadWorker[] = [];
  try {
    const layout = chatLayout(o.users, scenario, o.groupSize);
    const plan: Plan =
      kind === "bare" ? barePlan(layout) : await registeredPlan(server.url, layout, o.registerConcurrency);
    const sendsPerUser = Math.max(1, Math.floor(o.durationS * o.ratePerUser));
    const intervalMs = 1000 / o.ratePerUser;
    const workerUsers: WorkerUser[][] = Array.from({ length: o.workers }, () => []);
    for (const u of plan.users) {
      const chat = plan.chats[u.chatIndex];
      if (!chat) throw new Error("user without chat");
      workerUsers[u.index % o.workers]?.push({ ...u, chatId: chat.chatId, members: chat.members });
    }

    for (const users of workerUsers) {
      workers.push(
        new WorkerHandle<ToWorker, FromWorker>(WORKER_URL, {
          url: server.url,
          users,
          sendsPerUser,
          intervalMs,
          deliveredEveryMs: o.deliveredEveryMs,
          connectConcurrency: Math.max(1, Math.ceil(o.connectConcurrency / o.workers)),
          ackTimeoutMs: 30_000,
          quietMs: 1_000,
          maxDrainMs: 60_000,
        } satisfies WorkerInit),
      );
    }
    await allAnswer(workers, null, "ready", 60_000);
    const before = sampleServer();
    const connectStart = performance.now();
    const connectTimeout = 60_000 + o.users * 50;
    const connected = await allAnswer(workers, { type: "connect" }, "connected", connectTimeout);
    const connectAllMs = performance.now() - connectStart;
    const connectFailures = connected.reduce((n, c) => n + c.failed, 0);
    if (connectFailures > 0)
      console.warn(`  ${connectFailures} sockets failed to connect: ${connected[0]?.errors[0] ?? ""}`);
    // Let the connect burst settle so the RSS reading is the connections, not transient garbage.
    await new Promise((r) => setTimeout(r, 1_000));
    const afterConnect = sampleServer();

    const startAt = nowMs() + 500;
    const sendStart = performance.now() + 500;
    const generatorCpu = ownCpuMeter();
    const machineCpu = machineCpuMeter();
    let peak = afterConnect.rssBytes;
    const sampler = setInterval(() => {
      peak = Math.max(peak, sampleServer().rssBytes);
    }, 1_000);
    let sendBegin: ProcSample | null = null;
    let postgresCpuBegin = 0;
    const beginTimer = setTimeout(() => {
      sendBegin = sampleServer();
      if (onPostgres) postgresCpuBegin = cpuSecondsOfCommand("postgres");
    }, 500);
    let stagesAtSteady: Promise<StageHistograms> | null = null;
    const steadyTimer = setTimeout(() => {
      stagesAtSteady = scrapeSendStages(server.url);
    }, 500 + 5_000);
    const phaseTimeout = (o.durationS + 120) * 1000;
    await allAnswer(workers, { type: "start", startAt }, "sent", phaseTimeout);
    const sendEnd = sampleServer();
    const partsAtEnd = await memoryParts(server.url);
    const stagesAtEnd = await scrapeSendStages(server.url);
    clearTimeout(steadyTimer);
    const steadyFrom: StageHistograms | null = await (stagesAtSteady ?? Promise.resolve(null));
    const postgresCpuEnd = onPostgres ? cpuSecondsOfCommand("postgres") : 0;
    const sendPhaseS = (performance.now() - sendStart) / 1000;
    const generatorCpuPercent = generatorCpu();
    const machine = machineCpu();
    clearInterval(sampler);
    clearTimeout(beginTimer);

    const reports: WorkerReport[] = (await allAnswer(workers, { type: "collect" }, "report", 120_000)).map(
      (m) => m.report,
    );
    await allAnswer(workers, { type: "close" }, "closed", 30_000);

    const byUser = new Map<number, UserReport>();
    for (const r of reports) for (const u of r.users) byUser.set(u.index, u);
    const accounting = accountDeliveries(plan, byUser, sendsPerUser);
    const sum = (f: (r: WorkerReport) => number) => reports.reduce((n, r) => n + f(r), 0);
    const ackErrorCodes: Record<string, number> = {};
    for (const r of reports)
      for (const [code, n] of Object.entries(r.ackErrors)) ackErrorCodes[code] = (ackErrorCodes[code] ?? 0) + n;
    const concat = (f: (r: WorkerReport) => Float64Array) => {
      const parts = reports.map(f);
      const all = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const p of parts) {
        all.set(p, at);
        at += p.length;
      }
      return all;
    };
    const connectedCount = connected.reduce((n, c) => n + c.ok, 0);
    // CPU % of one core over the acked rate: milliseconds of CPU per acknowledged message.
    const msPerAcked = (percent: number) =>
      accounting.acked > 0 ? Math.round((percent / 100 / (accounting.acked / sendPhaseS)) * 1000 * 100) / 100 : 0;
    return {
      scenario,
      target: o.label ?? kind,
      users: plan.users.length,
      chats: plan.chats.length,
      connected: connectedCount,
      connectFailures,
      setup: { registerMs: Math.round(plan.registerMs), createChatsMs: Math.round(plan.createChatsMs) },
      connectAllMs: Math.round(connectAllMs),
      sendPhaseS: Math.round(sendPhaseS * 10) / 10,
      accounting,
      e2eMs: percentiles(concat((r) => r.e2eLatencies)),
      e2eSteadyMs: percentiles(concat((r) => r.e2eSteadyLatencies)),
      e2eP99Per10s: p99PerWindow(reports, 10_000),
      e2eP99PerSecondFirst10s: p99PerWindow(reports, 1_000).slice(0, 10),
      ackMs: percentiles(concat((r) => r.ackLatencies)),
      throughput: {
        ackedPerS: Math.round(accounting.acked / sendPhaseS),
        deliveriesPerS: Math.round(accounting.delivered / sendPhaseS),
      },
      server: {
        rssBeforeConnectMiB: mibOf(before.rssBytes),
        rssConnectedMiB: mibOf(afterConnect.rssBytes),
        rssPeakMiB: mibOf(Math.max(peak, sendEnd.rssBytes)),
        rssStartupPeakMiB: mibOf(before.peakRssBytes),
        memoryParts: partsAtEnd,
        sendStages: stageTimes(stagesAtEnd),
        sendStagesSteady: steadyFrom ? stageTimes(stagesAtEnd, steadyFrom) : {},
        rssPerConnectionKiB:
          connectedCount > 0
            ? Math.round(((afterConnect.rssBytes - before.rssBytes) / connectedCount / 1024) * 10) / 10
            : 0,
        cpuPercent: Math.round(cpuPercent(sendBegin ?? afterConnect, sendEnd)),
        mainThreadCpuPercent: Math.round(cpuPercent(sendBegin ?? afterConnect, sendEnd, "main")),
        cpuMsPerMessage: msPerAcked(cpuPercent(sendBegin ?? afterConnect, sendEnd)),
        mainThreadCpuMsPerMessage: msPerAcked(cpuPercent(sendBegin ?? afterConnect, sendEnd, "main")),
      },
      machine: {
        busyPercent: Math.round(machine.busyPercent),
        stealPercent: Math.round(machine.stealPercent * 10) / 10,
      },
      postgresCpuPercent: onPostgres
        ? Math.round(
            ((postgresCpuEnd - postgresCpuBegin) / ((sendEnd.at - (sendBegin ?? afterConnect).at) / 1000)) * 100,
          )
        : null,
      generator: {
        cpuPercent: Math.round(generatorCpuPercent),
        lateSends: sum((r) => r.lateSends),
        workers: o.workers,
      },
      receipts: {
        marksOk: sum((r) => r.deliveredMarksOk),
        marksFailed: sum((r) => r.deliveredMarksFailed),
        deliveredEvents: sum((r) => r.deliveredEvents),
      },
      ackErrorCodes,
      disconnects: sum((r) => r.disconnects),
      unparsed: sum((r) => r.unparsed),
    };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
    await server.stop();
    await scratch?.drop();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

/** The e2e p99 of the messages sent in each `windowMs` of the send phase, in order. */
function p99PerWindow(reports: WorkerReport[], windowMs: number): number[] {
  const windows: number[][] = [];
  for (const r of reports) {
    r.e2eLatencies.forEach((latency, i) => {
      const w = Math.max(0, Math.floor((r.e2eSentAfterStart[i] ?? 0) / windowMs));
      windows[w] ??= [];
      windows[w].push(latency);
    });
  }
  return Array.from(windows, (w) => Math.round((w ? percentiles(Float64Array.from(w)).p99 : 0) * 10) / 10);
}
