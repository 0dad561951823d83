import { type ChildProcess, spawn } from "node:child_process";
import crypto from "node:crypto";
import net from "node:net";
import { BARE_RELAY, REPO_ROOT, SERVER_MAIN } from "./paths.js";

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
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() =>
        address && typeof address === "object" ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/**
 * Starts the real server (or the bare relay) as a child process bound to 127.0.0.1. It runs
 * under `sh -c 'ulimit -n <hard>; exec node …'` so it may hold 10,000+ sockets, and `exec`
 * keeps the pid the node process's own, which is what /proc sampling needs.
 */
export async function startServer(options: StartOptions): Promise<ServerProcess> {
  const port = await freePort();
  const jwtSecret = options.jwtSecret ?? crypto.randomBytes(32).toString("hex");
  const nodeArgs = ["--import", "tsx"];
  if (options.cpuProfDir) nodeArgs.push("--cpu-prof", `--cpu-prof-dir=${options.cpuProfDir}`);
  nodeArgs.push(options.kind === "bare" ? BARE_RELAY : SERVER_MAIN);
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

  const child = spawn(
    "sh",
    ["-c", 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$0" "$@"', process.execPath, ...nodeArgs],
    {
      cwd: REPO_ROOT,
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

async function waitHealthy(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
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
  throw new Error(`server did not become healthy in 60 s:\n${output()}`);
}
