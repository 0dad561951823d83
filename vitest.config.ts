import { defineConfig } from "vitest/config";

/**
 * Projects: `unit` (beside the code), the server integration suite run twice, once per
 * storage, and `bench-smoke` (bench scripts at tiny size; PostgreSQL too when DATABASE_URL is set).
 * `scripts/test.mjs` picks which run and says why one is skipped.
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
    // Vitest's default in a run is one worker fewer than the cores: one worker on CI's 2 cores,
    // so the suite ran file after file while most files wait on sockets and databases. Two
    // workers (files keep their own databases, ports and Redis prefixes); the fault project
    // still runs its files one at a time.
    maxWorkers: 2,
    // `--coverage` (scripts/test.mjs passes it): v8's own counters, no instrumentation step. Per
    // package table and the 80 % line floor: scripts/coverage-table.mjs.
    coverage: {
      provider: "v8",
      include: ["packages/protocol/src/**/*.ts", "packages/server/src/**/*.ts", "packages/sdk/src/**/*.ts"],
      exclude: ["**/*.test.ts", "**/*.contract.ts"],
      reporter: ["json-summary"],
      reportsDirectory: "coverage",
      // The table is printed for a failing run too (it says where tests are missing either way).
      reportOnFailure: true,
    },
    projects: [
      {
        test: {
          name: "unit",
          include: ["packages/*/src/**/*.test.ts", "packages/web/build/**/*.test.ts", "deploy/**/*.test.ts"],
          testTimeout: 20_000,
          hookTimeout: 60_000,
        },
      },
      integration("pglite"),
      // Each bench script at a tiny size (completes, accounts for every message); not a benchmark.
      { test: { name: "bench-smoke", include: ["bench/**/*.test.ts"], testTimeout: 600_000 } },
      integration("postgres"),
      // 3 nodes + nginx + PostgreSQL + a private redis-server under faults (scripts/test.mjs decides).
      {
        test: {
          name: "fault",
          include: ["fault/**/*.test.ts"],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
