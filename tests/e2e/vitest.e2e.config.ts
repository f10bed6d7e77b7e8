// Browser tests (real Chromium through playwright-core): `npx vitest run --config tests/e2e/vitest.e2e.config.ts`.
import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: path.resolve(__dirname, "../.."),
  resolve: { alias: { "~": path.resolve(__dirname, "../../app") } },
  test: {
    include: ["tests/e2e/**/*.e2e.ts"],
    environment: "node",
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 60_000,
    setupFiles: ["tests/setup/env.ts"],
  },
});
