import { defineConfig } from "vitest/config";

/**
 * Projects: `unit` (beside the code), and the server integration suite run twice, once per
 * storage. `scripts/test.mjs` picks which run and says why one is skipped.
 */
const integration = (storage: "pglite" | "postgres") => ({
  test: {
    name: `integration-${storage}`,
    include: ["packages/server/test/**/*.test.ts"],
    env: { TEST_STORAGE: storage },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

export default defineConfig({
  test: {
    projects: [
      { test: { name: "unit", include: ["packages/*/src/**/*.test.ts"], testTimeout: 20_000 } },
      integration("pglite"),
      integration("postgres"),
    ],
  },
});
