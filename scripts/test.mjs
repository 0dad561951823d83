#!/usr/bin/env node
// Runs every test suite, and says plainly which suites were skipped and why.
// PostgreSQL suites need DATABASE_URL, Redis suites need REDIS_URL; with REQUIRE_SERVICES=1
// (as in .ci/run) a missing or unreachable service fails the run instead of skipping.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";

const required = process.env.REQUIRE_SERVICES === "1";

function reachable(url, defaultPort) {
  return new Promise((resolve) => {
    let parsed;
    try {
      parsed = new URL(url);
    } catch {
      resolve(false);
      return;
    }
    const socket = net.connect({ host: parsed.hostname, port: Number(parsed.port || defaultPort) });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

async function check(name, envVar, defaultPort) {
  const url = process.env[envVar];
  if (!url) return { name, ok: false, why: `${envVar} is not set` };
  if (!(await reachable(url, defaultPort)))
    return { name, ok: false, why: `${envVar} (${new URL(url).host}) is unreachable` };
  return { name, ok: true };
}

const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const browser = fs.existsSync(chromiumPath)
  ? { ok: true }
  : { ok: false, why: `no Chromium at ${chromiumPath} (apt-get install -y chromium fonts-noto-color-emoji)` };
const postgres = await check("PostgreSQL", "DATABASE_URL", 5432);
const redis = await check("Redis", "REDIS_URL", 6379);
// Fault tests: 3 nodes behind nginx; they start their own redis-server, so that binary too.
const onPath = (bin, args) => spawnSync(bin, args, { stdio: "ignore" }).status === 0;
const nginx = onPath("nginx", ["-v"])
  ? onPath("redis-server", ["--version"])
    ? { ok: true }
    : { ok: false, why: "redis-server is not installed" }
  : { ok: false, why: "nginx is not installed (apt-get install -y nginx)" };

const projects = ["unit", "integration-pglite", "bench-smoke"];
if (postgres.ok) projects.push("integration-postgres");
// FAULT_TESTS=0 leaves them out (they take several minutes: 3 nodes, 200 + 1,000 SDK clients).
const faultsWanted = process.env.FAULT_TESTS !== "0";
const faults = faultsWanted && postgres.ok && redis.ok && nginx.ok;

const skipped = [];
if (!postgres.ok) skipped.push(`integration-postgres (the whole server suite on PostgreSQL): ${postgres.why}`);
if (!redis.ok) skipped.push(`Redis-backed cases (shared rate limits): ${redis.why}`);
if (!redis.ok) delete process.env.REDIS_URL;
if (faultsWanted && !faults)
  skipped.push(
    `fault tests (3 nodes + nginx: kill -9, Redis restart, PostgreSQL cut, lost ack, reconnect storm): ${
      [postgres, redis, nginx].find((s) => !s.ok)?.why
    }`,
  );
if (!faultsWanted) console.log("NOT RUN fault tests: FAULT_TESTS=0");
if (!browser.ok) skipped.push(`browser tests (Playwright, packages/web/e2e): ${browser.why}`);

console.log(`\nRunning: ${projects.join(", ")}`);
for (const line of skipped) console.log(`SKIPPED ${line}`);
if (required && skipped.length > 0) {
  console.error("\nREQUIRE_SERVICES=1: every suite must run. Failing.");
  process.exit(1);
}

const fullRun = process.argv.length <= 2;
// The web app is built first: the browser tests and the client-smoothness smoke drive the build.
let status = 0;
if (browser.ok && fullRun) {
  const build = spawnSync("npm", ["run", "build:web"], { stdio: "inherit", env: process.env });
  if (build.status !== 0) status = build.status ?? 1;
}

// Coverage (v8) of the full run: a table per package, and protocol, server and sdk must keep
// 80 % of their lines (scripts/coverage-table.mjs). COVERAGE=0 leaves it out.
const coverage = fullRun && process.env.COVERAGE !== "0";
if (!coverage && fullRun) console.log("NOT MEASURED coverage: COVERAGE=0");
const args = [
  "vitest",
  "run",
  ...projects.flatMap((p) => ["--project", p]),
  ...(coverage ? ["--coverage"] : []),
  ...process.argv.slice(2),
];
const result = spawnSync("npx", args, { stdio: "inherit", env: process.env });
if (result.status !== 0) status = result.status ?? 1;
if (coverage && fs.existsSync("coverage/coverage-summary.json")) {
  const table = spawnSync("node", ["scripts/coverage-table.mjs"], { stdio: "inherit", env: process.env });
  if (table.status !== 0) status = table.status ?? 1;
}

// Fault tests: their own run, after the others (they start 3 nodes + nginx on ports 4150-4162).
if (faults && fullRun && status === 0) {
  console.log("\nRunning: fault tests (3 nodes behind nginx, real PostgreSQL and Redis)");
  const fault = spawnSync("npx", ["vitest", "run", "--project", "fault"], { stdio: "inherit", env: process.env });
  if (fault.status !== 0) status = fault.status ?? 1;
}

// Browser tests: drive the built web app in Chromium against a real server.
if (browser.ok && fullRun && status === 0) {
  console.log("\nRunning: browser tests (Playwright + Chromium)");
  const e2e = spawnSync("npx", ["playwright", "test"], { stdio: "inherit", env: process.env });
  if (e2e.status !== 0) status = e2e.status ?? 1;
  // The host-app example (SSO + embedded components), on E2E_PORT+1 (chat) and +2 (host).
  const example = ["playwright", "test", "-c", "examples/host-app/playwright.config.ts"];
  const host = spawnSync("npx", example, { stdio: "inherit", env: process.env });
  if (host.status !== 0) status = host.status ?? 1;
}
if (skipped.length > 0) {
  console.log("\nReminder, not run:");
  for (const line of skipped) console.log(`  SKIPPED ${line}`);
}
process.exit(status);
