import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/**
 * A redis-server of the test's own (never the machine's shared one), no persistence: a restart
 * comes back empty, the harshest case for the nodes.
 */
export async function startRedis(port: number) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "teamchat-fault-redis-"));
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  const start = async () => {
    const spawned = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir],
      { stdio: "ignore" },
    );
    child = spawned;
    exited = new Promise((resolve) => spawned.once("exit", () => resolve()));
    await waitForPort(port);
  };
  const kill = async () => {
    child?.kill("SIGKILL");
    await exited;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    /** kill -9 (for an outage of the test's choosing; `start` brings it back, empty). */
    kill,
    start,
    /** kill -9 then start again after `downMs`. */
    restart: async (downMs: number) => {
      await kill();
      await new Promise((r) => setTimeout(r, downMs));
      await start();
    },
    stop: async () => {
      await kill();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: "127.0.0.1", port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing listening on ${port}`);
}

/**
 * A TCP proxy between the nodes and PostgreSQL that the test can cut: every open connection is
 * destroyed and new ones are refused (the listener closes) until it is restored.
 */
export async function startTcpProxy(listenPort: number, target: { host: string; port: number }) {
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target);
    open.add(client);
    open.add(upstream);
    const close = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on("error", close).on("close", close);
    upstream.on("error", close).on("close", close);
    client.pipe(upstream).pipe(client);
  });
  const listen = () => new Promise<void>((resolve) => server.listen(listenPort, "127.0.0.1", () => resolve()));
  await listen();
  return {
    port: listenPort,
    /** PostgreSQL "goes away" for `ms`: connections dropped, new ones refused. */
    cut: async (ms: number) => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of open) socket.destroy();
      });
      await new Promise((r) => setTimeout(r, ms));
      await listen();
    },
    stop: async () => {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
