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

if (process.env.SKIP_BUILD !== "1") {
  run("npx", ["vite", "build", "-c", "vite.lib.config.ts"], path.join(root, "packages/web"));
  run("npx", ["vite", "build"], here);
}

// The example owns its chat server: embedded storage in a fresh directory, never a DATABASE_URL
// or REDIS_URL that happens to be set (CI sets them; a shared database would keep earlier runs'
// people and groups). CHAT_DATABASE_URL / CHAT_REDIS_URL opt in explicitly.
const { DATABASE_URL: _db, REDIS_URL: _redis, ...inherited } = process.env;
const chat = spawn("npx", ["tsx", "packages/server/src/main.ts"], {
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
    ALLOWED_ORIGINS: hostOrigin,
    SSO_JWT_SECRET: jwtSecret,
    SSO_ISSUER: HOST_ISSUER,
    SSO_AUDIENCE: CHAT_AUDIENCE,
    ALLOW_REGISTRATION: "false",
    ADMIN_API_TOKEN: adminToken,
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
  },
});
const stop = () => {
  chat.kill("SIGTERM");
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);

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

hostApi({ jwtSecret, chatServerUrl: chatUrl, staticDir: path.join(here, "dist") }).listen(hostPort, bind, () => {
  console.log(
    `Host app on ${hostOrigin} (sign in as alice / alice-password or bob / bob-password); chat server on ${chatUrl}`,
  );
});
