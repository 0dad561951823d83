import { defineConfig } from "@playwright/test";

/** The host-app example's browser test: `npx playwright test -c examples/host-app/playwright.config.ts`. */
const BASE = Number(process.env.E2E_PORT ?? 3100);
const CHAT_PORT = BASE + 1;
const HOST_PORT = BASE + 2;
/** Known to the test, which plays the host's back end for deprovisioning. */
export const ADMIN_API_TOKEN = "host-app-example-admin-token-for-the-browser-test";
export const CHAT_URL = `http://127.0.0.1:${CHAT_PORT}`;

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
      ],
    },
  },
  webServer: {
    command: "npx tsx start.ts",
    url: `http://127.0.0.1:${HOST_PORT}/host-api/config`,
    reuseExistingServer: false,
    timeout: 240_000,
    stdout: "pipe",
    env: {
      CHAT_PORT: String(CHAT_PORT),
      HOST_PORT: String(HOST_PORT),
      ADMIN_API_TOKEN: ADMIN_API_TOKEN,
      NODE_ENV: "test",
      LOG_LEVEL: "warn",
    },
  },
});
