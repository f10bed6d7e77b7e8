import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { retryDelayMs } from "~/platform/jobs/backoff";
import { waitForCostMs } from "~/platform/throttle";

describe("retry backoff", () => {
  const policy = { baseMs: 1_000, maxMs: 60_000 };
  it("doubles per attempt within a jittered band and never exceeds the cap", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (attempt, r) => {
        const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
        const d = retryDelayMs(attempt, policy, r);
        expect(d).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
        expect(d).toBeLessThanOrEqual(ceiling);
      }),
    );
  });
});

describe("Shopify cost bucket pacing", () => {
  const status = { maximumAvailable: 2000, currentlyAvailable: 40, restoreRate: 100 };
  it("waits only as long as the bucket needs to refill", () => {
    expect(waitForCostMs(status, 0, 40)).toBe(0);
    expect(waitForCostMs(status, 0, 140)).toBe(1_000);
    expect(waitForCostMs(status, 500, 140)).toBe(500);
    expect(waitForCostMs(status, 10_000, 140)).toBe(0);
  });
  it("never asks for more than the bucket can hold", () => {
    expect(waitForCostMs({ ...status, currentlyAvailable: 2000 }, 0, 5000)).toBe(0);
  });
});
