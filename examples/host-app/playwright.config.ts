import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

/** The host-app example's browser test: `npx playwright test -c examples/host-app/playwright.config.ts`. */
const BASE = Number(process.env.E2E_PORT ?? 3100);
const CHAT_PORT = BASE + 1;
const HOST_PORT = BASE + 2;
/** Known to the test, which plays the host's back end for deprovisioning. */
export const ADMIN_API_TOKEN = "host-app-example-admin-token-for-the-browser-test";
export const CHAT_URL = `http://127.0.0.1:${CHAT_PORT}`;
/** The host's JWT secret, known to the test so it can mint expired and otherwise wrong tokens. */
export const HOST_JWT_SECRET = "host-app-example-jwt-secret-for-the-browser-test";
/** Short, so the tests see the chat renew its session several times (cookie or host token). */
export const ACCESS_TOKEN_TTL_SECONDS = 8;
/** Where the test builds the host page from our packed tarballs: a folder outside the repo. */
export const PACKED_HOST_DIR = path.join(os.tmpdir(), `teamchat-packed-host-${BASE}`);
/** The host page under names other than 127.0.0.1 (same site as the chat). */
export const HOST_PORT_NUMBER = HOST_PORT;

export default defineConfig({
  testDir: "e2e",
  outputDir: "../../test-results/e2e-host-app",
  timeout: 90_000,
  expect: { timeout: 15_000 },
  workers: 1,
  reporter: [["list"]],
  retries: 1,
  use: {
    baseURL: `http://127.0.0.1:${HOST_PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        // A name the chat server does not list in ALLOWED_ORIGINS (origin refused).
        "--host-resolver-rules=MAP elsewhere.test 127.0.0.1",
      ],
    },
  },
  webServer: {
    command: "npx tsx start.ts",
    url: `http://127.0.0.1:${HOST_PORT}/host-api/config`,
    reuseExistingServer: false,
    timeout: 420_000,
    // SIGTERM first: start.ts stops the chat server (it drains) and exits; SIGKILL of the whole
    // process group after 20 s.
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
    stdout: "pipe",
    env: {
      CHAT_PORT: String(CHAT_PORT),
      HOST_PORT: String(HOST_PORT),
      ADMIN_API_TOKEN: ADMIN_API_TOKEN,
      HOST_JWT_SECRET,
      PACKED_HOST_DIR,
      ACCESS_TOKEN_TTL_SECONDS: String(ACCESS_TOKEN_TTL_SECONDS),
      // Every simulated person comes from one address (like an office behind NAT), renewing often.
      RATE_LIMIT_AUTH_PER_MINUTE: "1000",
      // The same few people sign on again and again across the specs, renewing every 8 s with host
      // tokens cross-site: the per-person SSO budget (10/min) would refuse them, not the product.
      RATE_LIMIT_SSO_PER_USER_PER_MINUTE: "1000",
      NODE_ENV: "test",
      LOG_LEVEL: "warn",
    },
  },
});
