// Locates the Shopify conformance oracle (real schema + sample webhooks) that lives outside the repo, and
// decides what a suite does when it is missing: warn locally, fail in CI, never skip silently.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { it } from "vitest";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Absolute path where the oracle is expected (`../shared/shopify` beside the repo, or $SHOPIFY_ORACLE_DIR). */
export const oracleDir: string = process.env.SHOPIFY_ORACLE_DIR
  ? path.resolve(process.env.SHOPIFY_ORACLE_DIR)
  : path.resolve(repoRoot, "../shared/shopify");

/** The oracle folder when present, otherwise null. */
export const oracle: string | null = fs.existsSync(oracleDir) ? oracleDir : null;

export function oracleFile(...parts: string[]): string {
  return path.join(oracleDir, ...parts);
}

/**
 * Call inside a `describe` whose conformance tests run only when the oracle exists. When it is absent this
 * registers one test that passes with a warning, or fails when running under CI.
 */
export function reportOracleAbsence(): void {
  if (oracle) return;
  it("Shopify conformance oracle is available", () => {
    const message = `Shopify oracle absent at ${oracleDir}: conformance checks not run`;
    if (process.env.CI) throw new Error(message);
    console.warn(message);
  });
}
