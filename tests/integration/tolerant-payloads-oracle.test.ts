// The tolerant-payload check on Shopify's own documented samples (the conformance oracle): every
// subscribed topic's example with any one field null, or missing, is processed, never retried or dead.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../support/app-harness";
import { oracle } from "../support/oracle";
import { exercise, oracleSamples } from "../support/tolerance";
import { reportOracleAbsence } from "../support/oracle";

describe("tolerant payloads on Shopify's documented samples", () => {
  reportOracleAbsence();
  if (!oracle) return;
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ envVars: { JOB_CONCURRENCY: "8" } });
  }, 60_000);
  afterAll(() => h.stop(), 60_000);

  it("processes every topic's sample with any one field null or missing", async () => {
    const { sent, wrong } = await exercise(h, oracleSamples());
    expect(wrong).toEqual([]);
    expect(sent).toBeGreaterThan(500);
  }, 120_000);
});
