import { type ChildProcess, execFile, spawn } from "node:child_process";
import crypto from "node:crypto";
import net from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { BARE_RELAY, BUILD_SERVER, NODE_LAUNCHER, REPO_ROOT, SERVER_BUILT, SERVER_MAIN } from "./paths.js";

/** "pglite" runs PGlite in its worker thread (the default); "pglite-main" on the event loop, for comparison. */
export type ServerKind = "bare" | "pglite" | "pglite-main" | "postgres";

export type ServerProcess = {
  url: string;
  pid: number;
  jwtSecret: string;
  /** SIGTERM (graceful: the server drains and, with --cpu-prof, writes its profile), SIGKILL after 20 s. */
  stop: () => Promise<void>;
  /** Last lines the child wrote, for error messages. */
  output: () => string;
};

export type StartOptions = {
  kind: ServerKind;
  dataDir: string;
  databaseUrl?: string | undefined;
  /** Directory for a V8 CPU profile of the server (node --cpu-prof). */
  cpuProfDir?: string | undefined;
  jwtSecret?: string | undefined;
  extraEnv?: Record<string, string>;
  /** Another checkout whose server to run from its sources (bench:history --baseline); as BENCH_SERVER_ROOT. */
  serverRoot?: string | undefined;
};

/**
 * A port nobody listens on: any, or with BENCH_PORTS="4800-4849" a free one of that range
 * (engineers sharing a machine each keep to their own range).
 */
export async function freePort(): Promise<number> {
  const range = /^(\d+)-(\d+)$/.exec(process.env.BENCH_PORTS ?? "");
  if (!range) return probePort(0);
  // From a random place in the range: benches started together (the bench smoke test) would all
  // pick the same first free port, and a server that lost the race left its bench talking to another's.
  const low = Number(range[1]);
  const span = Number(range[2]) - low + 1;
  const offset = crypto.randomInt(Math.max(1, span));
  for (let i = 0; i < span; i++) {
    const free = await probePort(low + ((offset + i) % span)).catch(() => null);
    if (free !== null) return free;
  }
  throw new Error(`BENCH_PORTS ${process.env.BENCH_PORTS}: no free port`);
}

function probePort(wanted: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(wanted, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() =>
        address && typeof address === "object" ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

let built: Promise<unknown> | null = null;

/** Builds the server once per bench run, from the working tree as it is now. */
function buildServerOnce(): Promise<unknown> {
  built ??= promisify(execFile)(process.execPath, [BUILD_SERVER], { cwd: REPO_ROOT });
  return built;
}

/**
 * What to run and where: the built server, as production runs it (README, Dockerfile), through
 * node.sh and so with its runtime settings. Knobs for an A/B in one run (`--variants`), read here
 * and not passed on: BENCH_SERVER_ENTRY=source runs our sources under tsx (`npm run serve`);
 * BENCH_SERVER_ROOT=<dir> runs another checkout's sources under tsx, e.g. the commit before a
 * change (`git archive <commit> | tar -x -C <dir>`, node_modules linked in);
 * BENCH_SERVER_NODE=plain starts node without node.sh's settings. The bare relay runs on plain node.
 */
async function serverEntry(
  kind: ServerKind,
  env: NodeJS.ProcessEnv,
  profiled: boolean,
  serverRoot: string | undefined,
): Promise<{ cwd: string; node: string[]; args: string[] }> {
  const root = serverRoot ?? env.BENCH_SERVER_ROOT;
  // A CPU profile of the sources names our files (bench/lib/cpu-stages.ts sorts frames by them).
  const fromSource = env.BENCH_SERVER_ENTRY === "source" || profiled;
  const node = env.BENCH_SERVER_NODE === "plain" ? [process.execPath] : ["sh", NODE_LAUNCHER];
  delete env.BENCH_SERVER_ROOT;
  delete env.BENCH_SERVER_ENTRY;
  delete env.BENCH_SERVER_NODE;
  if (kind === "bare") return { cwd: REPO_ROOT, node: [process.execPath], args: ["--import", "tsx", BARE_RELAY] };
  if (root) return { cwd: root, node, args: ["--import", "tsx", path.join(root, "packages/server/src/main.ts")] };
  if (fromSource) return { cwd: REPO_ROOT, node, args: ["--import", "tsx", SERVER_MAIN] };
  await buildServerOnce();
  return { cwd: REPO_ROOT, node, args: [SERVER_BUILT] };
}

/**
 * Starts the real server (or the bare relay) as a child process bound to 127.0.0.1. It runs
 * under `sh -c 'ulimit -n <hard>; exec sh node.sh …'` so it may hold 10,000+ sockets, and `exec`
 * (node.sh execs node too) keeps the pid the node process's own, which /proc sampling needs.
 */
export async function startServer(options: StartOptions): Promise<ServerProcess> {
  const port = await freePort();
  const jwtSecret = options.jwtSecret ?? crypto.randomBytes(32).toString("hex");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    PORT: String(port),
    DATA_DIR: options.dataDir,
    JWT_SECRET: jwtSecret,
    LOG_LEVEL: "warn",
    COOKIE_SECURE: "false",
    ACCESS_TOKEN_TTL_SECONDS: "7200",
    // The generator is one IP sending for everyone: lift limits that would throttle the bench itself.
    RATE_LIMIT_HTTP_PER_MINUTE: "10000000",
    RATE_LIMIT_AUTH_PER_MINUTE: "10000000",
    RATE_LIMIT_MESSAGES_PER_10S: "100000",
    PGLITE_THREAD: options.kind === "pglite-main" ? "main" : "worker",
    ...options.extraEnv,
  };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  const entry = await serverEntry(options.kind, env, options.cpuProfDir !== undefined, options.serverRoot);
  const nodeArgs = options.cpuProfDir ? ["--cpu-prof", `--cpu-prof-dir=${options.cpuProfDir}`] : [];
  nodeArgs.push(...entry.args);

  const child = spawn(
    "sh",
    ["-c", 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$0" "$@"', ...entry.node, ...nodeArgs],
    {
      cwd: entry.cwd,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let tail = "";
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-4000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  const url = `http://127.0.0.1:${port}`;
  await waitHealthy(url, child, () => tail);
  return {
    url,
    pid: child.pid ?? -1,
    jwtSecret,
    output: () => tail,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

// A new PGlite data directory (initdb) on a machine whose 2 cores run other work took over 60 s.
const HEALTHY_WITHIN_MS = 180_000;

async function waitHealthy(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + HEALTHY_WITHIN_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output()}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill("SIGKILL");
  throw new Error(`server did not become healthy in ${HEALTHY_WITHIN_MS / 1000} s:\n${output()}`);
}
