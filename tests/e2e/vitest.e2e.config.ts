// Browser tests (real Chromium through playwright-core): `npx vitest run --config tests/e2e/vitest.e2e.config.ts`.
import os from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: path.resolve(__dirname, "../.."),
  resolve: { alias: { "~": path.resolve(__dirname, "../../app") } },
  test: {
    include: ["tests/e2e/**/*.e2e.ts"],
    environment: "node",
    pool: "forks",
    // Each file runs its own app process, Shopify double and Chromium, mostly waiting on each other:
    // one file per core (vitest's default is one fewer: a single file at a time on two cores).
    maxWorkers: os.availableParallelism(),
    testTimeout: 60_000,
    hookTimeout: 60_000,
    setupFiles: ["tests/setup/env.ts"],
  },
});
