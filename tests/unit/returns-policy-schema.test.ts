// The returns policy as the settings page saves it: the starter policy is valid and bilingual, and
// every mistake a merchant can make is refused with a plain message on the field it concerns.
import { describe, expect, it } from "vitest";
import {
  DEFAULT_RETURN_REASONS,
  defaultReturnPolicy,
  policyFieldErrors,
  RETURN_WINDOW_PRESETS,
  returnPolicySchema,
  SHOPIFY_RETURN_REASONS,
} from "~/returns/policy";

type Draft = Record<string, unknown>;

function errorsFor(change: (p: Draft) => void): Record<string, string> {
  const draft = structuredClone(defaultReturnPolicy()) as unknown as Draft;
  change(draft);
  const result = returnPolicySchema.safeParse(draft);
  if (result.success) return {};
  return policyFieldErrors(result.error);
}

const at = (p: Draft, ...path: (string | number)[]) => path.reduce<Draft>((o, k) => o[k] as Draft, p);

describe("the starter policy", () => {
  it("is valid as it is", () => {
    expect(returnPolicySchema.parse(defaultReturnPolicy())).toEqual(defaultReturnPolicy());
  });

  it("has 30 days from delivery, a 7-day transit buffer, every resolution and review by hand", () => {
    expect(defaultReturnPolicy()).toMatchObject({
      windowDays: 30,
      transitBufferDays: 7,
      restockingFeePercent: 0,
      resolutions: { refund: { enabled: true }, storeCredit: { enabled: true }, exchange: { enabled: true } },
      autoApproval: { enabled: false },
      rules: [],
    });
  });

  it("names every reason in English and Polish, each mapped to one of Shopify's return reasons", () => {
    for (const r of DEFAULT_RETURN_REASONS) {
      expect(r.label.en.length).toBeGreaterThan(0);
      expect(r.label.pl.length).toBeGreaterThan(0);
      expect(r.label.pl).not.toBe(r.label.en);
      expect(SHOPIFY_RETURN_REASONS).toContain(r.shopifyReason);
    }
    expect(DEFAULT_RETURN_REASONS.find((r) => r.code === "defective")).toMatchObject({ shopifyReason: "DEFECTIVE", requiresPhoto: true });
  });

  it("gives each shop its own copy", () => {
    const a = defaultReturnPolicy();
    a.reasons[0].label.en = "Changed";
    expect(defaultReturnPolicy().reasons[0].label.en).toBe("Too small");
  });
});

describe("what the schema accepts", () => {
  it("takes an unlimited window, custom days, two-decimal percentages and product rules", () => {
    expect(
      errorsFor((p) => {
        p.windowDays = null;
        p.restockingFeePercent = 12.5;
        p.rules = [
          { id: "a", target: "product", value: "gid://shopify/Product/1", finalSale: false },
          { id: "b", target: "collection", value: "gid://shopify/Collection/2", windowDays: 45, restockingFeePercent: 0.25 },
          { id: "c", target: "tag", value: "outlet", exchangeOrCreditOnly: true, windowDays: null },
        ];
      }),
    ).toEqual({});
    for (const days of [...RETURN_WINDOW_PRESETS, 1, 365, 3650]) expect(errorsFor((p) => (p.windowDays = days))).toEqual({});
    expect(errorsFor((p) => (p.windowDays = 3651))).toEqual({ windowDays: "The return window must be at most 3650 days." });
  });
});

describe("what the schema refuses, and how it says so", () => {
  it.each<[string, (p: Draft) => void, string, string]>([
    ["a zero-day window", (p) => (p.windowDays = 0), "windowDays", "The return window must be at least 1 day."],
    ["a window in fractions of a day", (p) => (p.windowDays = 14.5), "windowDays", "The return window must be a whole number of days."],
    ["a window as text", (p) => (p.windowDays = "30"), "windowDays", "The return window must be a number."],
    ["a negative transit buffer", (p) => (p.transitBufferDays = -1), "transitBufferDays", "The transit buffer must be at least 0 days."],
    ["a fee above 100 %", (p) => (p.restockingFeePercent = 101), "restockingFeePercent", "The restocking fee cannot be above 100 %."],
    ["a negative fee", (p) => (p.restockingFeePercent = -5), "restockingFeePercent", "The restocking fee cannot be below 0 %."],
    [
      "a fee with three decimals",
      (p) => (p.restockingFeePercent = 12.345),
      "restockingFeePercent",
      "The restocking fee can have at most two decimal places.",
    ],
    [
      "a shipping fee in fractions of a grosz",
      (p) => (at(p, "returnShipping").feeMinor = 9.5),
      "returnShipping.feeMinor",
      "The return shipping fee must be a whole number of minor units (grosze, cents).",
    ],
    [
      "a negative shipping fee",
      (p) => (at(p, "returnShipping").feeMinor = -100),
      "returnShipping.feeMinor",
      "The return shipping fee cannot be negative.",
    ],
    ["an unknown payer", (p) => (at(p, "returnShipping").payer = "carrier"), "returnShipping.payer", "Say who pays for return shipping."],
    [
      "a bonus above 100 %",
      (p) => (at(p, "resolutions", "storeCredit").bonusPercent = 150),
      "resolutions.storeCredit.bonusPercent",
      "The store credit bonus cannot be above 100 %.",
    ],
    [
      "no resolution at all",
      (p) => {
        at(p, "resolutions", "refund").enabled = false;
        at(p, "resolutions", "storeCredit").enabled = false;
        at(p, "resolutions", "exchange").enabled = false;
      },
      "resolutions",
      "Offer at least one resolution: refund, store credit or exchange.",
    ],
    ["no reasons", (p) => (p.reasons = []), "reasons", "Keep at least one return reason."],
    [
      "a reason without a Polish label",
      (p) => (at(p, "reasons", 2, "label").pl = "  "),
      "reasons.2.label.pl",
      "Give the reason a Polish label.",
    ],
    [
      "a reason code with spaces",
      (p) => (at(p, "reasons", 0).code = "too small"),
      "reasons.0.code",
      "A reason code is 1–40 lower-case letters, digits or underscores.",
    ],
    [
      "a reason Shopify does not know",
      (p) => (at(p, "reasons", 0).shopifyReason = "BORED"),
      "reasons.0.shopifyReason",
      "Choose one of Shopify's return reasons.",
    ],
    [
      "the same reason code twice",
      (p) => (at(p, "reasons", 1).code = "too_small"),
      "reasons.1.code",
      'The reason code "too_small" is used twice.',
    ],
    [
      "auto-approval for a reason not in the list",
      (p) => (at(p, "autoApproval").reasonCodes = ["too_small", "bored"]),
      "autoApproval.reasonCodes.1",
      '"bored" is not one of your return reasons.',
    ],
    [
      "a negative auto-approval limit",
      (p) => (at(p, "autoApproval").maxValueMinor = -1),
      "autoApproval.maxValueMinor",
      "The auto-approval limit cannot be negative.",
    ],
    [
      "a serial returner threshold of zero",
      (p) => (at(p, "review").serialReturnerMinReturns = 0),
      "review.serialReturnerMinReturns",
      "The serial returner threshold must be at least 1 return.",
    ],
    [
      "a product rule without a product id",
      (p) => (p.rules = [{ id: "a", target: "product", value: "123", finalSale: true }]),
      "rules.0.value",
      "This is not a Shopify product id (gid://shopify/…).",
    ],
    [
      "a collection rule with a product id",
      (p) => (p.rules = [{ id: "a", target: "collection", value: "gid://shopify/Product/1", finalSale: true }]),
      "rules.0.value",
      "This is not a Shopify collection id (gid://shopify/…).",
    ],
    [
      "a rule that changes nothing",
      (p) => (p.rules = [{ id: "a", target: "tag", value: "sale" }]),
      "rules.0",
      "The rule changes nothing: set final sale, a window, a fee or exchange-only.",
    ],
    [
      "a rule for nothing",
      (p) => (p.rules = [{ id: "a", target: "tag", value: " ", finalSale: true }]),
      "rules.0.value",
      "Choose what the rule applies to.",
    ],
    [
      "a rule for a variant",
      (p) => (p.rules = [{ id: "a", target: "variant", value: "x", finalSale: true }]),
      "rules.0.target",
      "A rule applies to a product, a collection or a tag.",
    ],
    [
      "a rule's window of zero days",
      (p) => (p.rules = [{ id: "a", target: "tag", value: "sale", windowDays: 0 }]),
      "rules.0.windowDays",
      "The rule's return window must be at least 1 day.",
    ],
    [
      "two rules with one id",
      (p) =>
        (p.rules = [
          { id: "a", target: "tag", value: "sale", finalSale: true },
          { id: "a", target: "tag", value: "outlet", finalSale: true },
        ]),
      "rules.1.id",
      'The rule id "a" is used twice.',
    ],
  ])("refuses %s", (_, change, field, message) => {
    expect(errorsFor(change)).toEqual({ [field]: message });
  });

  it("reports every problem at once", () => {
    const errors = errorsFor((p) => {
      p.windowDays = 0;
      p.restockingFeePercent = 200;
      at(p, "reasons", 0, "label").en = "";
    });
    expect(Object.keys(errors).sort()).toEqual(["reasons.0.label.en", "restockingFeePercent", "windowDays"]);
  });
});
