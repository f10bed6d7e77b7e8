// Test runner configuration. `npm test` runs unit + integration suites on the embedded default
// (SQLite file per worker, embedded jobs, in-process SMTP server) and needs no services.
import os from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "~": path.resolve(__dirname, "app") } },
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts", "tests/double/**/*.test.ts", "tests/theme/**/*.test.ts"],
    environment: "node",
    pool: "forks",
    // Most tests wait on I/O (SQLite or PostgreSQL, HTTP, SMTP, the job runner), so one worker more than
    // there are cores keeps them busy (vitest's default is one fewer: a single worker on two cores).
    maxWorkers: os.availableParallelism() + 1,
    // A deadline for a hung test, not a speed target: a busy machine must not fail a correct test.
    testTimeout: 60_000,
    hookTimeout: 30_000,
    setupFiles: ["tests/setup/env.ts"],
  },
});
