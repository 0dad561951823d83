/**
 * One command for the whole example: builds the embeddable chat and the host page, starts the
 * chat server (SSO trusting the host's JWTs, admin API on) and the host app on another port,
 * then uses the admin API to create the "Sales team" group from the Sales department.
 *
 *   npm run example:host            # http://127.0.0.1:3001 (host), chat server on :3000
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { AdminClient } from "@teamchat/sdk";
import { CHAT_AUDIENCE, EMPLOYEES, HOST_ISSUER, hostApi } from "./host-api.js";
import { buildPackedHost } from "./packed-host.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const chatPort = Number(process.env.CHAT_PORT ?? 3000);
const hostPort = Number(process.env.HOST_PORT ?? 3001);
const bind = "127.0.0.1";
const chatUrl = `http://${bind}:${chatPort}`;
const hostOrigin = `http://${bind}:${hostPort}`;
// Shared by the host (signs) and the chat (verifies); a real install sets both from its secrets store.
const jwtSecret = process.env.HOST_JWT_SECRET ?? crypto.randomBytes(32).toString("hex");
const adminToken = process.env.ADMIN_API_TOKEN ?? crypto.randomBytes(32).toString("hex");

function run(cmd: string, args: string[], cwd: string) {
  const result = spawnSync(cmd, args, { cwd, stdio: "inherit" });
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed`);
}

async function waitReady(url: string, child: ChildProcess) {
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error("the chat server exited");
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} not ready`);
}

// PACKED_HOST_DIR (the browser test sets it): build the host page outside the repo from our
// packed tarballs, as a host developer would. Otherwise from the workspace, quickly.
const packedDir = process.env.PACKED_HOST_DIR;
let staticDir = path.join(here, "dist");
if (packedDir) {
  staticDir = buildPackedHost(root, here, packedDir);
} else if (process.env.SKIP_BUILD !== "1") {
  run("npx", ["vite", "build", "-c", "vite.lib.config.ts"], path.join(root, "packages/web"));
  run("npx", ["vite", "build"], here);
}

// The example owns its chat server: embedded storage in a fresh directory, never a DATABASE_URL
// or REDIS_URL that happens to be set (CI sets them; a shared database would keep earlier runs'
// people and groups). CHAT_DATABASE_URL / CHAT_REDIS_URL opt in explicitly.
const { DATABASE_URL: _db, REDIS_URL: _redis, ...inherited } = process.env;
// Node itself with tsx's loader (no npx wrapper in between), so a signal to this process reaches
// the server directly. It stays in our process group: a launcher that kills the whole group (as
// Playwright's webServer does) takes the server with it. In a group of its own it outlived a
// SIGKILL of this script and kept the launcher's stdout pipe open, so the launcher never finished.
const chat = spawn(process.execPath, ["--import", "tsx", "packages/server/src/main.ts"], {
  cwd: root,
  stdio: "inherit",
  env: {
    ...inherited,
    ...(process.env.CHAT_DATABASE_URL && { DATABASE_URL: process.env.CHAT_DATABASE_URL }),
    ...(process.env.CHAT_REDIS_URL && { REDIS_URL: process.env.CHAT_REDIS_URL }),
    HOST: bind,
    PORT: String(chatPort),
    // A fresh chat database per start: the example seeds its people and group every time.
    DATA_DIR: process.env.CHAT_DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), "teamchat-host-example-")),
    // The host under two names: 127.0.0.1 (same site as the chat) and localhost (another site:
    // no refresh cookie, the chat renews with host tokens).
    ALLOWED_ORIGINS: `${hostOrigin},http://localhost:${hostPort}`,
    SSO_JWT_SECRET: jwtSecret,
    SSO_ISSUER: HOST_ISSUER,
    SSO_AUDIENCE: CHAT_AUDIENCE,
    ALLOW_REGISTRATION: "false",
    ADMIN_API_TOKEN: adminToken,
    // The host app's name in the notices of what its back end does (the group it creates below).
    ADMIN_API_ACTOR_NAME: process.env.ADMIN_API_ACTOR_NAME ?? "Acme HR",
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
  },
});
let stopping = false;
/** SIGINT/SIGTERM (or a failed start): stop the chat server's process group, wait, then exit. */
const stop = (code = 0) => {
  if (stopping) return;
  stopping = true;
  hostServer?.close();
  hostServer?.closeAllConnections();
  const exited = new Promise<void>((resolve) => {
    if (chat.exitCode !== null || chat.signalCode !== null) return resolve();
    chat.once("exit", () => resolve());
  });
  signalChat("SIGTERM");
  // The server drains for SHUTDOWN_DRAIN_SECONDS at most; then it is killed.
  const force = setTimeout(() => signalChat("SIGKILL"), 15_000);
  void exited.then(() => {
    clearTimeout(force);
    process.exit(code);
  });
};
const signalChat = (signal: NodeJS.Signals) => {
  try {
    chat.kill(signal);
  } catch {
    // already gone
  }
};
// Last resort (a failed start throws out of this module): never leave the server behind.
process.on("exit", () => {
  if (chat.exitCode === null && chat.signalCode === null) signalChat("SIGKILL");
});
process.on("SIGINT", () => stop());
process.on("SIGTERM", () => stop());
// The chat server stopping by itself stops the example too (nothing left half-running).
chat.on("exit", () => {
  if (!stopping) stop(1);
});
let hostServer: ReturnType<ReturnType<typeof hostApi>["listen"]> | undefined;

// `npm run example:host` then SIGTERM: npm exits without passing the signal on, leaving tsx and
// this process orphaned. So watch the launching processes (Linux /proc) and stop with them.
const ancestors = (() => {
  const pids: number[] = [];
  let pid = process.ppid;
  for (let i = 0; i < 4 && pid > 1; i++) {
    pids.push(pid);
    const stat = fs.existsSync(`/proc/${pid}/stat`) ? fs.readFileSync(`/proc/${pid}/stat`, "utf8") : "";
    pid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1] ?? 0);
  }
  return pids;
})();
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
setInterval(() => {
  if (!ancestors.every(alive)) stop();
}, 1_000).unref();

await waitReady(`${chatUrl}/readyz`, chat);

// The host's back end provisions its people and a department group through the admin API.
const admin = new AdminClient({ baseUrl: chatUrl, serviceToken: adminToken });
for (const e of EMPLOYEES) {
  await admin.upsertUser({
    externalId: e.id,
    username: e.username,
    displayName: e.name,
    email: e.email,
    department: e.department,
  });
}
if (process.env.SEED_GROUP !== "0") {
  const owner = EMPLOYEES[0];
  if (owner) await admin.createChat({ name: "Sales team", ownerExternalId: owner.id, departments: ["Sales"] });
}

hostServer = hostApi({ jwtSecret, chatServerUrl: chatUrl, staticDir }).listen(hostPort, bind, () => {
  console.log(
    `Host app on ${hostOrigin} (sign in as alice / alice-password or bob / bob-password); chat server on ${chatUrl}`,
  );
});
