// The program's calendar rules as a customer lives them: when inactive points expire and when they
// are warned (never without a warning, never with less notice than promised), which birthdays are
// valid and on which local day they are celebrated, and what a one-off award for past orders gives.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addMonths,
  birthdaysOn,
  DAY_MS,
  expiryCutoff,
  expiryStep,
  localDay,
  naturalExpiry,
  parseBirthday,
  pastOrdersAward,
  type PastOrder,
} from "~/loyalty/lifecycle";
import type { Tier } from "~/loyalty/types";

const rules = { expiryMonths: 12, warningDays: 30, lastChanceDays: 7 };
const since = new Date("2026-03-10T12:00:00Z");
const natural = new Date("2027-03-10T12:00:00Z");
const at = (iso: string) => new Date(iso);

describe("addMonths", () => {
  it.each([
    ["2026-01-31T10:00:00Z", 1, "2026-02-28T10:00:00Z"],
    ["2028-01-31T10:00:00Z", 1, "2028-02-29T10:00:00Z"],
    ["2026-03-10T12:00:00Z", 12, "2027-03-10T12:00:00Z"],
    ["2026-12-15T00:00:00Z", 2, "2027-02-15T00:00:00Z"],
    ["2027-03-31T08:00:00Z", -1, "2027-02-28T08:00:00Z"],
  ])("%s + %i months is %s", (from, months, expected) => {
    expect(addMonths(at(from), months).toISOString()).toBe(new Date(expected).toISOString());
  });
});

describe("expiryStep", () => {
  const step = (now: string, warned: Date | null = null, lastChanceSent = false) =>
    expiryStep({ lastActivityAt: since, now: at(now), rules, warnedExpiresAt: warned, lastChanceSent });

  it("is quiet until the warning is due", () => {
    expect(step("2026-12-01T00:00:00Z")).toBeNull();
    expect(step("2027-02-08T11:59:00Z")).toBeNull();
  });

  it("warns warningDays before the date, naming the date the rules give", () => {
    expect(step("2027-02-08T12:00:00Z")).toEqual({ kind: "warning", expiresAt: natural });
    expect(step("2027-02-09T06:00:00Z")).toEqual({ kind: "warning", expiresAt: natural });
  });

  it("gives a late warning (expiry just switched on) the full warning period from now", () => {
    expect(step("2027-06-01T09:00:00Z")).toEqual({ kind: "warning", expiresAt: at("2027-07-01T09:00:00Z") });
  });

  it("sends the last chance lastChanceDays before the promised date, once", () => {
    expect(step("2027-03-02T12:00:00Z", natural)).toBeNull();
    expect(step("2027-03-03T12:00:00Z", natural)).toEqual({ kind: "last_chance", expiresAt: natural });
    expect(step("2027-03-05T12:00:00Z", natural, true)).toBeNull();
  });

  it("expires on the promised date, with or without the last chance", () => {
    expect(step("2027-03-10T12:00:00Z", natural, true)).toEqual({ kind: "expire", expiresAt: natural });
    expect(step("2027-03-20T00:00:00Z", natural, false)).toEqual({ kind: "expire", expiresAt: natural });
  });

  it("keeps a promised date when the merchant shortens the period, and moves it out when they lengthen it", () => {
    const promised = at("2027-07-01T09:00:00Z");
    expect(step("2027-06-10T00:00:00Z", promised)).toBeNull();
    expect(
      expiryStep({
        lastActivityAt: since,
        now: at("2027-07-01T09:00:00Z"),
        rules: { ...rules, expiryMonths: 6 },
        warnedExpiresAt: promised,
        lastChanceSent: true,
      }),
    ).toEqual({
      kind: "expire",
      expiresAt: promised,
    });
    expect(
      expiryStep({
        lastActivityAt: since,
        now: at("2027-07-01T09:00:00Z"),
        rules: { ...rules, expiryMonths: 18 },
        warnedExpiresAt: promised,
        lastChanceSent: false,
      }),
    ).toBeNull();
  });

  it("never expires points without a warning that gave at least warningDays less a day", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 800 * 24 }),
        fc.integer({ min: 1, max: 24 }),
        fc.integer({ min: 2, max: 90 }),
        (hours, months, warningDays) => {
          const r = { expiryMonths: months, warningDays, lastChanceDays: 1 };
          const now = new Date(since.getTime() + hours * 3_600_000);
          const first = expiryStep({ lastActivityAt: since, now, rules: r, warnedExpiresAt: null, lastChanceSent: false });
          if (!first) return;
          expect(first.kind).toBe("warning");
          expect(first.expiresAt.getTime() - now.getTime()).toBeGreaterThanOrEqual((warningDays - 1) * DAY_MS);
          expect(first.expiresAt.getTime()).toBeGreaterThanOrEqual(naturalExpiry(since, r).getTime());
        },
      ),
    );
  });

  it("selects every member whose warning is due (the cutoff never leaves one out)", () => {
    fc.assert(
      fc.property(
        fc.date({ min: at("2025-01-01T00:00:00Z"), max: at("2030-01-01T00:00:00Z"), noInvalidDate: true }),
        fc.integer({ min: 1, max: 60 }),
        (now, months) => {
          const r = { expiryMonths: months, warningDays: 30, lastChanceDays: 7 };
          const cutoff = expiryCutoff(now, r);
          // Just after the cutoff nothing is due yet.
          const later = new Date(cutoff.getTime() + 1);
          expect(expiryStep({ lastActivityAt: later, now, rules: r, warnedExpiresAt: null, lastChanceSent: false })).toBeNull();
        },
      ),
    );
  });
});

describe("birthdays", () => {
  it.each([
    ["03-14", { month: 3, day: 14 }],
    ["02-29", { month: 2, day: 29 }],
    ["12-31", { month: 12, day: 31 }],
    [" 01-01 ", { month: 1, day: 1 }],
  ])("takes %s", (input, expected) => {
    expect(parseBirthday(input)).toEqual(expected);
  });

  it.each(["02-30", "04-31", "13-01", "00-10", "3-14", "03/14", "1990-03-14", "", "ab-cd"])("refuses %j", (input) => {
    expect(parseBirthday(input)).toBeNull();
  });

  it("celebrates 29 February on the 28th in a year without one, and on the 29th in a leap year", () => {
    expect(birthdaysOn({ year: 2027, month: 2, day: 28 })).toEqual(["02-28", "02-29"]);
    expect(birthdaysOn({ year: 2028, month: 2, day: 28 })).toEqual(["02-28"]);
    expect(birthdaysOn({ year: 2028, month: 2, day: 29 })).toEqual(["02-29"]);
  });

  it("takes the day in the shop's time zone", () => {
    const late = at("2027-03-13T23:30:00Z");
    expect(localDay(late, "Europe/Warsaw")).toEqual({ year: 2027, month: 3, day: 14 });
    expect(localDay(late, "America/Los_Angeles")).toEqual({ year: 2027, month: 3, day: 13 });
    expect(localDay(late, "Not/AZone")).toEqual({ year: 2027, month: 3, day: 13 });
    expect(localDay(at("2026-12-31T23:30:00Z"), "Europe/Warsaw")).toEqual({ year: 2027, month: 1, day: 1 });
  });
});

describe("pastOrdersAward", () => {
  const earning = { pointsPerUnit: 1, includeTax: false, includeShipping: false, rounding: "down" as const };
  const order = (gid: string, priceMinor: number, refunds: PastOrder["refunds"] = []): PastOrder => ({
    earning: {
      currency: "PLN",
      totalMinor: priceMinor + 1499,
      subtotalMinor: priceMinor,
      taxMinor: 0,
      shippingMinor: 1499,
      taxesIncluded: true,
      lines: [{ lineItemGid: `${gid}/line`, quantity: 1, priceMinor, excluded: false }],
    },
    refunds,
  });
  const silver: Tier = { id: "silver", name: "Silver", threshold: 500, multiplier: 150, entryPoints: 50 };

  it("gives each order its points, less what its refunds take back", () => {
    const out = pastOrdersAward(
      [order("a", 20_000), order("b", 10_000, [{ amountMinor: 5_000, lines: [] }])],
      { ...earning, tiers: [], tierBasis: "points" },
      { standing: 0, tierId: null, entered: new Set() },
    );
    // 200 + (100 − a refund of 50 zł of 114.99 zł: 43.5 points back, rounded the other way from the award).
    expect(out).toEqual({ points: 200 + 100 - 44, orders: 2 });
  });

  it("earns at the tier reached on the way, and gives its entry points once", () => {
    const rulesWithTier = { ...earning, tiers: [silver], tierBasis: "points" as const };
    const orders = [order("a", 40_000), order("b", 20_000), order("c", 10_000)];
    // 400 → standing 400; 200 → 600: Silver (+50); then 100 × 1.5 = 150.
    expect(pastOrdersAward(orders, rulesWithTier, { standing: 0, tierId: null, entered: new Set() })).toEqual({
      points: 400 + 200 + 50 + 150,
      orders: 3,
    });
    // Silver's entry points were had before: not again.
    expect(pastOrdersAward(orders, rulesWithTier, { standing: 0, tierId: null, entered: new Set(["silver"]) }).points).toBe(
      400 + 200 + 150,
    );
    // Already Silver: every order earns ×1.5.
    expect(pastOrdersAward(orders, rulesWithTier, { standing: 600, tierId: "silver", entered: new Set(["silver"]) }).points).toBe(
      600 + 300 + 150,
    );
  });

  it("counts nothing for an order that earns nothing", () => {
    expect(
      pastOrdersAward([order("a", 50)], { ...earning, tiers: [], tierBasis: "points" }, { standing: 0, tierId: null, entered: new Set() }),
    ).toEqual({
      points: 0,
      orders: 0,
    });
  });
});
