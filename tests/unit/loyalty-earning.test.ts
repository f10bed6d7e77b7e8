// The points an order earns and a refund takes back, as the merchant configured them: per
// currency unit of what was paid for eligible items, with tax and shipping in or out, rounding,
// excluded products, the tier's multiplier; reversals by refunded line or amount, never more than
// earned, and several partial refunds adding up to exactly what one full refund takes.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { awardFor, refundedShare, reversalTarget, roundPoints, type OrderForEarning } from "~/loyalty/earning";
import { tierFor, tierProblems } from "~/loyalty/tiers";
import type { EarningRules } from "~/loyalty/types";

const RULES: EarningRules = { pointsPerUnit: 1, includeTax: false, includeShipping: false, rounding: "down" };

function order(over: Partial<OrderForEarning> = {}): OrderForEarning {
  return {
    currency: "PLN",
    totalMinor: 27_300,
    subtotalMinor: 25_800,
    taxMinor: 4_824,
    shippingMinor: 1_500,
    taxesIncluded: true,
    lines: [
      { lineItemGid: "L1", quantity: 2, priceMinor: 9_900, excluded: false },
      { lineItemGid: "L2", quantity: 1, priceMinor: 6_000, excluded: false },
    ],
    ...over,
  };
}

describe("an order's award", () => {
  it("counts what was paid for the items in whole złoty, without tax included in the prices or shipping", () => {
    // 258.00 zł including 48.24 zł VAT → 209.76 zł → 209 points.
    expect(awardFor(order(), RULES).points).toBe(209);
  });

  it("adds tax and shipping when the merchant counts them", () => {
    expect(awardFor(order(), { ...RULES, includeTax: true }).points).toBe(258);
    expect(awardFor(order(), { ...RULES, includeTax: true, includeShipping: true }).points).toBe(273);
  });

  it("adds tax charged on top of prices only when counted", () => {
    const us = order({ currency: "USD", taxesIncluded: false, subtotalMinor: 25_800, taxMinor: 2_064, totalMinor: 29_364 });
    expect(awardFor(us, RULES).points).toBe(258);
    expect(awardFor(us, { ...RULES, includeTax: true }).points).toBe(278);
  });

  it("rounds by the merchant's rule and multiplies by the tier's rate", () => {
    expect(awardFor(order(), { ...RULES, rounding: "up" }).points).toBe(210);
    expect(awardFor(order(), { ...RULES, rounding: "nearest" }).points).toBe(210);
    expect(awardFor(order(), { ...RULES, pointsPerUnit: 2 }, 150).points).toBe(629);
  });

  it("gives nothing for excluded products, spreading discounts over the lines by price", () => {
    const withExcluded = order({ lines: [order().lines[0], { ...order().lines[1], excluded: true }] });
    // L2 is 60 of 258 zł of the items: 209.76 × 198/258 = 160.98 → 160.
    expect(awardFor(withExcluded, RULES).points).toBe(160);
  });

  it("handles currencies without minor units", () => {
    const yen = order({ currency: "JPY", subtotalMinor: 5_000, taxMinor: 0, shippingMinor: 0, totalMinor: 5_000, lines: [] });
    expect(awardFor(yen, RULES).points).toBe(5_000);
  });

  it("never gives negative points", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1000, max: 100_000 }), fc.integer({ min: 0, max: 50_000 }), (subtotal, tax) => {
        expect(awardFor(order({ subtotalMinor: subtotal, taxMinor: tax }), RULES).points).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});

describe("what refunds take back", () => {
  const award = awardFor(order(), RULES);

  it("takes a refunded line's share, by quantity", () => {
    const share = refundedShare(award, 27_300, [{ amountMinor: 9_900, lines: [{ lineItemGid: "L1", quantity: 1 }] }]);
    expect(share).toBeCloseTo(9_900 / 25_800, 6);
    // The kept part earns 209 × 0.6163 = 128.8 → 128 (rounded down, as awards are); the other 81 go back.
    expect(reversalTarget(award.points, share, "down")).toBe(81);
  });

  it("takes everything on a refund of the whole amount, shipping included", () => {
    expect(refundedShare(award, 27_300, [{ amountMinor: 27_300, lines: [] }])).toBe(1);
    expect(reversalTarget(award.points, 1, "down")).toBe(209);
  });

  it("takes an amount-only refund's share of the order's total", () => {
    expect(refundedShare(award, 27_300, [{ amountMinor: 2_730, lines: [] }])).toBeCloseTo(0.1, 6);
  });

  it("several partial refunds of every line add up to what one full refund takes, and never more than earned", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("L1", "L2"), { maxLength: 6 }), (refunds) => {
        const left = { L1: 2, L2: 1 } as Record<string, number>;
        const done: { amountMinor: number; lines: { lineItemGid: string; quantity: number }[] }[] = [];
        for (const gid of refunds) {
          if (left[gid] <= 0) continue;
          left[gid]--;
          done.push({ amountMinor: gid === "L1" ? 9_900 : 6_000, lines: [{ lineItemGid: gid, quantity: 1 }] });
          const target = reversalTarget(award.points, refundedShare(award, 27_300, done), "down");
          expect(target).toBeLessThanOrEqual(award.points);
        }
        if (left.L1 === 0 && left.L2 === 0)
          expect(reversalTarget(award.points, refundedShare(award, 27_300, done), "down")).toBe(award.points);
      }),
    );
  });
});

describe("rounding", () => {
  it("ignores float noise", () => {
    expect(roundPoints(12.0000000001, "up")).toBe(12);
    expect(roundPoints(11.9999999999, "down")).toBe(12);
  });
});

describe("tiers", () => {
  const tiers = [
    { id: "s", name: "Silver", threshold: 500, multiplier: 125, entryPoints: 50 },
    { id: "g", name: "Gold", threshold: 1500, multiplier: 150, entryPoints: 150 },
  ];

  it("places a customer in the highest tier they reach", () => {
    expect(tierFor(tiers, 499)).toBeNull();
    expect(tierFor(tiers, 500)?.name).toBe("Silver");
    expect(tierFor(tiers, 10_000)?.name).toBe("Gold");
  });

  it("refuses two tiers at one threshold (a customer would earn twice), naming both", () => {
    const problems = tierProblems([...tiers, { name: "VIP", threshold: 1500, multiplier: 200 }]);
    expect(problems).toContainEqual({ index: 2, field: "threshold", code: "same_threshold", other: "Gold" });
  });

  it("refuses a higher tier that earns less than a lower one, and duplicate names", () => {
    expect(tierProblems([tiers[0], { name: "silver", threshold: 900, multiplier: 110 }]).map((p) => p.code)).toEqual([
      "duplicate_name",
      "multiplier_order",
    ]);
  });
});
