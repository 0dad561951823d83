import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { renderNginxConfig } from "./nginx-config.js";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SERVER_MAIN = path.join(REPO_ROOT, "packages/server/src/main.ts");
const HEALTH_POLL_MS = 1_000;

export type ClusterOptions = {
  databaseUrl: string;
  redisUrl: string;
  /** nginx listens on 127.0.0.1:<port>. */
  port: number;
  /** One chat node per port, on 127.0.0.1. */
  nodePorts: number[];
  /** Extra environment for every node (rate limits, log level, …). */
  env?: Record<string, string>;
  /** Node output goes here (default: kept in memory, last lines shown on failure). */
  onOutput?: (node: string, line: string) => void;
};

export type ClusterNode = {
  name: string;
  port: number;
  url: string;
  pid: () => number;
  running: () => boolean;
  /** kill -9: no shutdown of any kind, like a crashed machine. */
  crash: () => Promise<void>;
  /** SIGTERM: graceful shutdown (drain, reconnect elsewhere, finish writes). */
  stop: () => Promise<void>;
  start: () => Promise<void>;
};

export type Cluster = {
  url: string;
  nodes: ClusterNode[];
  /** The environment shared by the nodes (JWT secret, key prefix, …), for tests that mint tokens. */
  env: Record<string, string>;
  /** Stops nginx at once (every connection through it drops); `startBalancer` brings it back. */
  stopBalancer: () => Promise<void>;
  startBalancer: () => Promise<void>;
  stop: () => Promise<void>;
};

export function nginxAvailable(): boolean {
  return spawnSync("nginx", ["-v"], { stdio: "ignore" }).status === 0;
}

/** A P-256 key pair in the VAPID env format, so every node signs Web Push with the same key. */
function vapidKeys(): { publicKey: string; privateKey: string } {
  const ecdh = crypto.createECDH("prime256v1");
  ecdh.generateKeys();
  return { publicKey: ecdh.getPublicKey("base64url"), privateKey: ecdh.getPrivateKey("base64url") };
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} not ready after ${timeoutMs} ms`);
}

const answers = async (url: string, timeoutMs = 1_000) =>
  (await fetch(url, { signal: AbortSignal.timeout(timeoutMs) })).ok;

/**
 * Starts N chat nodes (the real server, `node --import tsx packages/server/src/main.ts`) on one
 * PostgreSQL and one Redis, and nginx in front of them, everything on 127.0.0.1 in a temp
 * directory (no system configuration is read or written). A watcher polls each node's /readyz
 * and marks unready nodes `down` in nginx (config rewritten, nginx reloaded).
 */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  if (!nginxAvailable()) throw new Error("nginx is not installed (apt-get install -y nginx)");
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "teamchat-cluster-"));
  const vapid = vapidKeys();
  const env: Record<string, string> = {
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    JWT_SECRET: crypto.randomBytes(32).toString("hex"),
    REDIS_KEY_PREFIX: `teamchat-${crypto.randomBytes(4).toString("hex")}:`,
    PUSH_QUEUE_NAME: `teamchat-push-${crypto.randomBytes(4).toString("hex")}`,
    VAPID_PUBLIC_KEY: vapid.publicKey,
    VAPID_PRIVATE_KEY: vapid.privateKey,
    COOKIE_SECURE: "false",
    TRUST_PROXY: "true",
    LOG_LEVEL: "warn",
    ...options.env,
  };
  const tails = new Map<string, string>();
  const output = (name: string) => (chunk: Buffer) => {
    const text = chunk.toString();
    tails.set(name, ((tails.get(name) ?? "") + text).slice(-4000));
    for (const line of text.split("\n").filter(Boolean)) options.onOutput?.(name, line);
  };

  const nodes = options.nodePorts.map((port, i): ClusterNode => {
    const name = `node${i + 1}`;
    let child: ChildProcess | null = null;
    let exited: Promise<void> = Promise.resolve();
    const url = `http://127.0.0.1:${port}`;
    const node: ClusterNode = {
      name,
      port,
      url,
      pid: () => child?.pid ?? -1,
      running: () => child !== null && child.exitCode === null && child.signalCode === null,
      start: async () => {
        if (node.running()) return;
        await fs.mkdir(path.join(dir, name), { recursive: true });
        const spawned = spawn(
          "sh",
          [
            "-c",
            'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$0" "$@"',
            process.execPath,
            "--import",
            "tsx",
            SERVER_MAIN,
          ],
          {
            cwd: REPO_ROOT,
            env: { ...process.env, ...env, PORT: String(port), DATA_DIR: path.join(dir, name), NODE_ID: name },
            stdio: ["ignore", "pipe", "pipe"],
          },
        );
        child = spawned;
        spawned.stdout?.on("data", output(name));
        spawned.stderr?.on("data", output(name));
        exited = new Promise((resolve) => spawned.once("exit", () => resolve()));
        await waitFor(`${name} (${url})`, async () => {
          if (!node.running()) throw new Error(`${name} exited:\n${tails.get(name) ?? ""}`);
          return answers(`${url}/readyz`);
        }).catch((err: Error) => {
          spawned.kill("SIGKILL");
          throw new Error(`${err.message}\n${tails.get(name) ?? ""}`);
        });
      },
      crash: async () => {
        if (!node.running()) return;
        child?.kill("SIGKILL");
        await exited;
      },
      stop: async () => {
        if (!node.running()) return;
        child?.kill("SIGTERM");
        const timer = setTimeout(() => child?.kill("SIGKILL"), 30_000);
        await exited;
        clearTimeout(timer);
      },
    };
    return node;
  });
  // One at a time: the first applies the migrations (under an advisory lock anyway).
  for (const node of nodes) await node.start();

  const upstreams = nodes.map((n) => `127.0.0.1:${n.port}`);
  const confPath = path.join(dir, "nginx.conf");
  for (const t of ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]) await fs.mkdir(path.join(dir, t));
  const writeConfig = (down: string[]) =>
    fs.writeFile(
      confPath,
      renderNginxConfig({
        listen: `127.0.0.1:${options.port}`,
        upstreams,
        down,
        runtimeDir: dir,
        errorLog: path.join(dir, "nginx-error.log"),
        accessLog: null,
        workerConnections: 4096,
      }),
    );
  await writeConfig([]);

  let nginx: ChildProcess | null = null;
  let nginxExited: Promise<void> = Promise.resolve();
  const url = `http://127.0.0.1:${options.port}`;
  const startNginx = async () => {
    // Its own process group, so the master and its workers can be ended together.
    const spawned = spawn("nginx", ["-p", dir, "-c", confPath], { stdio: ["ignore", "pipe", "pipe"], detached: true });
    nginx = spawned;
    spawned.stderr?.on("data", output("nginx"));
    nginxExited = new Promise((resolve) => spawned.once("exit", () => resolve()));
    await waitFor(`nginx on ${url}`, async () => {
      if (spawned.exitCode !== null) throw new Error(`nginx exited:\n${tails.get("nginx") ?? ""}`);
      return answers(`${url}/healthz`);
    });
  };
  /** Fast shutdown (TERM): every connection is closed at once; the group is killed if it lingers. */
  const killNginx = async () => {
    const current = nginx;
    if (!current?.pid || current.exitCode !== null || current.signalCode !== null) return;
    current.kill("SIGTERM");
    const timer = setTimeout(() => {
      try {
        process.kill(-(current.pid ?? 0), "SIGKILL");
      } catch {
        // already gone
      }
    }, 5_000);
    await nginxExited;
    clearTimeout(timer);
  };
  await startNginx();

  // Active health checks: /readyz of each node; two failures in a row (a busy node is not a
  // dead one) mark it down, one success brings it back; a change rewrites the config and reloads.
  let down = "";
  let checking = false;
  const failures = nodes.map(() => 0);
  const watcher = setInterval(async () => {
    if (checking) return;
    checking = true;
    try {
      const states = await Promise.all(nodes.map((n) => answers(`${n.url}/readyz`, 3_000).catch(() => false)));
      states.forEach((ok, i) => {
        failures[i] = ok ? 0 : (failures[i] ?? 0) + 1;
      });
      const nowDown = upstreams.filter((_, i) => (failures[i] ?? 0) >= 2);
      const key = nowDown.join(",");
      // All down: keep them all listed (nginx then answers 502 until one comes back).
      if (key !== down && nowDown.length < upstreams.length) {
        down = key;
        await writeConfig(nowDown);
        nginx?.kill("SIGHUP");
      }
    } finally {
      checking = false;
    }
  }, HEALTH_POLL_MS);

  return {
    url,
    nodes,
    env,
    stopBalancer: killNginx,
    startBalancer: startNginx,
    stop: async () => {
      clearInterval(watcher);
      await Promise.all(nodes.map((n) => n.stop()));
      await killNginx();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
