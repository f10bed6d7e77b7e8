// Test runner configuration. `npm test` runs unit + integration suites on the embedded default
// (SQLite file per worker, embedded jobs, in-process SMTP server) and needs no services.
import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "~": path.resolve(__dirname, "app") } },
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts", "tests/double/**/*.test.ts", "tests/theme/**/*.test.ts"],
    environment: "node",
    pool: "forks",
    testTimeout: 20_000,
    hookTimeout: 30_000,
    setupFiles: ["tests/setup/env.ts"],
  },
});
