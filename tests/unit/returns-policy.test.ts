// The returns policy engine as a shopper and a merchant meet it: which lines can go back and until
// when (end of the last day in the shop's time zone, daylight-saving changes included), product
// rules by specificity, every refusal with its code, the amounts per resolution and their rounding,
// auto-approval and the review rules that beat it, and the trace of every rule.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  defaultReturnPolicy,
  evaluateReturn,
  percentOf,
  POLICY_RULES,
  quoteResolutions,
  returnableItems,
  type OrderForReturn,
  type OrderLineForReturn,
  type ProductRule,
  type Resolution,
  type ReturnPolicy,
  type ReturnRequestInput,
  type ReturnRequestItem,
  type TraceEntry,
} from "~/returns/policy";

const P = (n: number) => `gid://shopify/Product/${n}`;
const V = (n: number) => `gid://shopify/ProductVariant/${n}`;
const C = (n: number) => `gid://shopify/Collection/${n}`;
const L = (n: number) => `gid://shopify/LineItem/${n}`;

const NOW = new Date("2026-06-10T10:00:00Z");

function line(over: Partial<OrderLineForReturn> = {}): OrderLineForReturn {
  return {
    lineItemGid: L(1),
    productGid: P(10),
    variantGid: V(100),
    collectionGids: [C(5)],
    tags: ["Summer"],
    quantity: 2,
    fulfilledQuantity: 2,
    returnedQuantity: 0,
    refundedQuantity: 0,
    unitPriceMinor: 19_999,
    fulfilledAt: "2026-06-01T08:00:00Z",
    deliveredAt: "2026-06-03T12:00:00Z",
    variants: [
      { variantGid: V(100), available: true },
      { variantGid: V(101), available: true },
      { variantGid: V(102), available: false },
    ],
    ...over,
  };
}

function order(lines: OrderLineForReturn[] = [line()], over: Partial<OrderForReturn> = {}): OrderForReturn {
  return { currency: "PLN", shopTimeZone: "Europe/Warsaw", shopCountryCode: "PL", shippingCountryCode: "PL", lines, ...over };
}

function item(over: Partial<ReturnRequestItem> = {}): ReturnRequestItem {
  return { lineItemGid: L(1), quantity: 1, reasonCode: "too_small", photoCount: 0, exchangeVariantGid: null, ...over };
}

function request(over: Partial<ReturnRequestInput> = {}): ReturnRequestInput {
  return {
    order: order(),
    customer: { flagged: false, previousReturnsAt: [] },
    resolution: "refund",
    items: [item()],
    ...over,
  };
}

function policy(over: Partial<ReturnPolicy> = {}): ReturnPolicy {
  return { ...defaultReturnPolicy(), ...over };
}

function rule(over: Partial<ProductRule> & Pick<ProductRule, "target" | "value">): ProductRule {
  return { id: `${over.target}:${over.value}:${JSON.stringify(over)}`, ...over };
}

type ValueOf<A> = A extends fc.Arbitrary<infer T> ? T : never;

const traceOf = (trace: TraceEntry[], r: TraceEntry["rule"]) => trace.find((e) => e.rule === r)!;

describe("which lines can be returned", () => {
  it("gives a delivered line's units, with the window ending at midnight in Warsaw 30 days after delivery", () => {
    const [l] = returnableItems(policy(), order(), NOW);
    expect(l).toEqual({
      lineItemGid: L(1),
      returnableQuantity: 2,
      deadline: "2026-07-03T21:59:59.999Z",
      windowFrom: "delivery",
      notReturnable: null,
      allowedResolutions: ["refund", "store_credit", "exchange"],
    });
  });

  it.each([
    // quantity, fulfilled, returned, refunded → returnable, code
    [3, 3, 0, 0, 3, null],
    [3, 2, 0, 0, 2, null],
    [3, 3, 1, 0, 2, null],
    [3, 3, 0, 1, 2, null],
    [3, 2, 0, 1, 2, null], // the refunded unit was the unshipped one
    [3, 3, 1, 1, 1, null],
    [2, 2, 1, 1, 0, "already_returned"],
    [2, 2, 2, 0, 0, "already_returned"],
    [2, 2, 0, 2, 0, "already_returned"],
    [2, 0, 0, 0, 0, "not_fulfilled"],
  ] as const)("ordered %i, fulfilled %i, returned %i, refunded %i → %i returnable (%s)", (q, f, ret, ref, expected, code) => {
    const [l] = returnableItems(
      policy(),
      order([line({ quantity: q, fulfilledQuantity: f, returnedQuantity: ret, refundedQuantity: ref })]),
      NOW,
    );
    expect(l.returnableQuantity).toBe(expected);
    expect(l.notReturnable).toBe(code);
  });

  it("refuses a line with no fulfilment date to count from, and has no deadline for it", () => {
    const [l] = returnableItems(policy(), order([line({ fulfilledAt: null, deliveredAt: null })]), NOW);
    expect(l).toMatchObject({
      notReturnable: "not_fulfilled",
      deadline: null,
      windowFrom: null,
      returnableQuantity: 0,
      allowedResolutions: [],
    });
  });

  it("counts from the fulfilment plus the transit buffer when there is no delivery date", () => {
    // Fulfilled 1 June; 7 days' transit + 30 days → the end of 8 July, Warsaw time.
    const [l] = returnableItems(policy(), order([line({ deliveredAt: null })]), NOW);
    expect(l).toMatchObject({ deadline: "2026-07-08T21:59:59.999Z", windowFrom: "fulfilment", returnableQuantity: 2 });
    const [noBuffer] = returnableItems(policy({ transitBufferDays: 0 }), order([line({ deliveredAt: null })]), NOW);
    expect(noBuffer.deadline).toBe("2026-07-01T21:59:59.999Z");
  });

  it("closes the window after the last millisecond of the last day", () => {
    const o = order();
    expect(returnableItems(policy(), o, new Date("2026-07-03T21:59:59.999Z"))[0].notReturnable).toBeNull();
    expect(returnableItems(policy(), o, new Date("2026-07-03T22:00:00.000Z"))[0]).toMatchObject({
      notReturnable: "out_of_window",
      returnableQuantity: 0,
      deadline: "2026-07-03T21:59:59.999Z",
    });
  });

  it("never closes an unlimited window", () => {
    const [l] = returnableItems(policy({ windowDays: null }), order(), new Date("2036-01-01T00:00:00Z"));
    expect(l).toMatchObject({ deadline: null, windowFrom: "delivery", notReturnable: null, returnableQuantity: 2 });
  });

  it("leaves out the resolutions a line cannot take", () => {
    const noOtherVariant = line({
      variants: [
        { variantGid: V(100), available: true },
        { variantGid: V(101), available: false },
      ],
    });
    expect(returnableItems(policy(), order([noOtherVariant]), NOW)[0].allowedResolutions).toEqual(["refund", "store_credit"]);
    const creditOnly = policy({ rules: [rule({ target: "product", value: P(10), exchangeOrCreditOnly: true })] });
    expect(returnableItems(creditOnly, order(), NOW)[0].allowedResolutions).toEqual(["store_credit", "exchange"]);
    const noCredit = policy({ resolutions: { ...defaultReturnPolicy().resolutions, storeCredit: { enabled: false, bonusPercent: 0 } } });
    expect(returnableItems(noCredit, order(), NOW)[0].allowedResolutions).toEqual(["refund", "exchange"]);
  });
});

describe("the window across daylight-saving changes in Europe/Warsaw", () => {
  const fourteen = policy({ windowDays: 14 });

  it("ends at 23:59:59.999 CEST on the day clocks go forward (29 March 2026)", () => {
    const o = order([line({ deliveredAt: "2026-03-15T10:00:00Z" })]);
    const [l] = returnableItems(fourteen, o, new Date("2026-03-20T00:00:00Z"));
    expect(l.deadline).toBe("2026-03-29T21:59:59.999Z");
    expect(returnableItems(fourteen, o, new Date("2026-03-29T21:59:59Z"))[0].notReturnable).toBeNull();
    expect(returnableItems(fourteen, o, new Date("2026-03-29T22:00:00Z"))[0].notReturnable).toBe("out_of_window");
  });

  it("ends at 23:59:59.999 CET on the day clocks go back (25 October 2026)", () => {
    const o = order([line({ deliveredAt: "2026-10-11T09:00:00Z" })]);
    expect(returnableItems(fourteen, o, new Date("2026-10-12T00:00:00Z"))[0].deadline).toBe("2026-10-25T22:59:59.999Z");
    expect(returnableItems(fourteen, o, new Date("2026-10-25T22:59:59Z"))[0].notReturnable).toBeNull();
    expect(returnableItems(fourteen, o, new Date("2026-10-25T23:00:00Z"))[0].notReturnable).toBe("out_of_window");
  });

  it("counts from the delivery's local date: 00:30 in Warsaw is the next day, though it is still yesterday in UTC", () => {
    const o = order([line({ deliveredAt: "2026-06-03T22:30:00Z" })]);
    expect(returnableItems(policy(), o, NOW)[0].deadline).toBe("2026-07-04T21:59:59.999Z");
  });

  it("adds the transit buffer in calendar days across the change", () => {
    const o = order([line({ deliveredAt: null, fulfilledAt: "2026-03-10T12:00:00Z" })]);
    const p = policy({ windowDays: 14, transitBufferDays: 5 });
    expect(returnableItems(p, o, new Date("2026-03-20T00:00:00Z"))[0]).toMatchObject({
      deadline: "2026-03-29T21:59:59.999Z",
      windowFrom: "fulfilment",
    });
  });

  it("uses the shop's own zone", () => {
    const o = order([line({ deliveredAt: "2026-06-03T12:00:00Z" })], { shopTimeZone: "America/New_York" });
    expect(returnableItems(policy(), o, NOW)[0].deadline).toBe("2026-07-04T03:59:59.999Z");
  });
});

describe("product rules: the most specific wins, ties go to the stricter", () => {
  const at = (p: ReturnPolicy, l = line()) => returnableItems(p, order([l]), NOW)[0];

  it("makes a tagged product final sale, the tag matched case-blind", () => {
    expect(at(policy({ rules: [rule({ target: "tag", value: "summer", finalSale: true })] }))).toMatchObject({
      notReturnable: "final_sale",
      returnableQuantity: 0,
    });
    expect(at(policy({ rules: [rule({ target: "tag", value: "winter", finalSale: true })] })).notReturnable).toBeNull();
  });

  it("lets a product rule exempt one product from a final-sale collection", () => {
    const rules = [
      rule({ target: "collection", value: C(5), finalSale: true }),
      rule({ target: "product", value: P(10), finalSale: false }),
    ];
    expect(at(policy({ rules })).notReturnable).toBeNull();
    expect(at(policy({ rules }), line({ productGid: P(11) })).notReturnable).toBe("final_sale");
  });

  it("puts a collection above a tag", () => {
    const rules = [
      rule({ target: "tag", value: "Summer", finalSale: false }),
      rule({ target: "collection", value: C(5), finalSale: true }),
    ];
    expect(at(policy({ rules })).notReturnable).toBe("final_sale");
  });

  it("lets a more specific rule lengthen the window", () => {
    const rules = [rule({ target: "collection", value: C(5), windowDays: 7 }), rule({ target: "product", value: P(10), windowDays: 90 })];
    // Delivered 3 June + 90 days → 1 September.
    expect(at(policy({ rules })).deadline).toBe("2026-09-01T21:59:59.999Z");
  });

  it("takes the shorter window of two collections, and a number over unlimited", () => {
    const two = [rule({ target: "collection", value: C(5), windowDays: 60 }), rule({ target: "collection", value: C(6), windowDays: 10 })];
    const l = line({ collectionGids: [C(5), C(6)] });
    expect(at(policy({ rules: two }), l).deadline).toBe("2026-06-13T21:59:59.999Z");
    const unlimitedAndTwenty = [
      rule({ target: "tag", value: "summer", windowDays: null }),
      rule({ target: "tag", value: "sale", windowDays: 20 }),
    ];
    expect(at(policy({ rules: unlimitedAndTwenty }), line({ tags: ["summer", "SALE"] })).deadline).toBe("2026-06-23T21:59:59.999Z");
  });

  it("lets a product rule make the window unlimited", () => {
    const rules = [rule({ target: "product", value: P(10), windowDays: null })];
    expect(at(policy({ windowDays: 14, rules })).deadline).toBeNull();
  });

  it("inherits the settings a more specific rule leaves out", () => {
    const rules = [
      rule({ target: "collection", value: C(5), exchangeOrCreditOnly: true }),
      rule({ target: "product", value: P(10), restockingFeePercent: 5 }),
    ];
    expect(at(policy({ rules })).allowedResolutions).toEqual(["store_credit", "exchange"]);
  });

  it("takes the higher restocking fee of two tags, and names the rule in the trace", () => {
    const low = { ...rule({ target: "tag", value: "summer", restockingFeePercent: 5 }), id: "low" };
    const high = { ...rule({ target: "tag", value: "sale", restockingFeePercent: 15 }), id: "high" };
    const r = request({ order: order([line({ tags: ["summer", "sale"], unitPriceMinor: 10_000 })]) });
    const d = evaluateReturn(policy({ rules: [low, high] }), r, NOW);
    expect(d.amounts.restockingFeeMinor).toBe(1_500);
    expect(d.amounts.lines[0].restockingFeePercent).toBe(15);
  });

  it("ignores rules for other products", () => {
    const rules = [
      rule({ target: "product", value: P(99), finalSale: true }),
      rule({ target: "collection", value: C(99), finalSale: true }),
    ];
    expect(at(policy({ rules })).notReturnable).toBeNull();
  });
});

describe("refusals", () => {
  const refusalCodes = (p: ReturnPolicy, r: ReturnRequestInput) => {
    const d = evaluateReturn(p, r, NOW);
    return d.outcome === "refused" ? d.refusals.map((x) => x.codes) : [];
  };

  it("accepts a valid request", () => {
    expect(evaluateReturn(policy(), request(), NOW).outcome).toBe("accepted");
  });

  it.each([
    ["unknown_item", request({ items: [item({ lineItemGid: L(99) })] })],
    ["quantity_invalid", request({ items: [item({ quantity: 0 })] })],
    ["quantity_invalid", request({ items: [item({ quantity: 1.5 })] })],
    ["quantity_too_high", request({ items: [item({ quantity: 3 })] })],
    ["already_returned", request({ order: order([line({ returnedQuantity: 2 })]) })],
    ["not_fulfilled", request({ order: order([line({ fulfilledQuantity: 0, fulfilledAt: null, deliveredAt: null })]) })],
    ["unknown_reason", request({ items: [item({ reasonCode: "bored" })] })],
    ["photo_required", request({ items: [item({ reasonCode: "defective", photoCount: 0 })] })],
  ] as const)("refuses with %s", (code, r) => {
    expect(refusalCodes(policy(), r)).toEqual([[code]]);
  });

  it("refuses an item past its window", () => {
    expect(refusalCodes(policy({ windowDays: 5 }), request())).toEqual([["out_of_window"]]);
  });

  it("refuses a final-sale item", () => {
    expect(refusalCodes(policy({ rules: [rule({ target: "product", value: P(10), finalSale: true })] }), request())).toEqual([
      ["final_sale"],
    ]);
  });

  it("accepts a reason that needs a photo when there is one", () => {
    expect(evaluateReturn(policy(), request({ items: [item({ reasonCode: "defective", photoCount: 2 })] }), NOW).outcome).toBe("accepted");
  });

  it("refuses a resolution the policy does not offer, or a refund for an exchange-or-credit-only item", () => {
    const noRefund = policy({ resolutions: { ...defaultReturnPolicy().resolutions, refund: { enabled: false } } });
    expect(refusalCodes(noRefund, request())).toEqual([["resolution_not_allowed"]]);
    const creditOnly = policy({ rules: [rule({ target: "tag", value: "summer", exchangeOrCreditOnly: true })] });
    expect(refusalCodes(creditOnly, request())).toEqual([["resolution_not_allowed"]]);
    expect(evaluateReturn(creditOnly, request({ resolution: "store_credit" }), NOW).outcome).toBe("accepted");
  });

  it.each([
    ["no variant chosen", null],
    ["the same variant", V(100)],
    ["an unavailable variant", V(102)],
    ["a variant of another product", V(999)],
  ])("refuses an exchange for %s", (_, variant) => {
    expect(refusalCodes(policy(), request({ resolution: "exchange", items: [item({ exchangeVariantGid: variant })] }))).toEqual([
      ["exchange_variant_invalid"],
    ]);
  });

  it("accepts an exchange for another available variant of the same product", () => {
    expect(evaluateReturn(policy(), request({ resolution: "exchange", items: [item({ exchangeVariantGid: V(101) })] }), NOW).outcome).toBe(
      "accepted",
    );
  });

  it("counts two entries for the same line together", () => {
    const r = request({ items: [item({ quantity: 1 }), item({ quantity: 2, reasonCode: "too_large" })] });
    const d = evaluateReturn(policy(), r, NOW);
    expect(d.outcome).toBe("refused");
    expect(d.refusals).toEqual([{ index: 1, lineItemGid: L(1), codes: ["quantity_too_high"] }]);
  });

  it("refuses the whole request with every reason of every item, never dropping one silently", () => {
    const lines = [
      line(),
      line({ lineItemGid: L(2), productGid: P(20), unitPriceMinor: 5_000 }),
      line({ lineItemGid: L(3), unitPriceMinor: 7_000 }),
    ];
    const p = policy({ rules: [rule({ target: "product", value: P(20), finalSale: true })] });
    const r = request({
      order: order(lines),
      items: [item(), item({ lineItemGid: L(2), reasonCode: "defective" }), item({ lineItemGid: L(3), quantity: 5, reasonCode: "nope" })],
    });
    const d = evaluateReturn(p, r, NOW);
    expect(d.outcome).toBe("refused");
    expect(d.approval).toBeNull();
    expect(d.refusals).toEqual([
      { index: 1, lineItemGid: L(2), codes: ["final_sale", "photo_required"] },
      { index: 2, lineItemGid: L(3), codes: ["quantity_too_high", "unknown_reason"] },
    ]);
    // The amounts show only the item that could go back.
    expect(d.amounts.lines.map((l) => l.lineItemGid)).toEqual([L(1)]);
    expect(d.amounts.itemsValueMinor).toBe(19_999);
  });

  it("will not judge a request without items", () => {
    expect(() => evaluateReturn(policy(), request({ items: [] }), NOW)).toThrow(RangeError);
  });
});

describe("amounts", () => {
  const two = request({ items: [item({ quantity: 2 })] }); // 2 × 199.99 zł = 399.98 zł
  const fees = policy({
    restockingFeePercent: 10,
    returnShipping: { payer: "customer", feeMinor: 1_500, waiveForExchange: true },
    resolutions: {
      refund: { enabled: true },
      storeCredit: { enabled: true, bonusPercent: 10 },
      exchange: { enabled: true, bonusPercent: 5 },
    },
  });

  it("takes the restocking fee (half up) and the return shipping fee off a refund", () => {
    expect(evaluateReturn(fees, two, NOW).amounts).toEqual({
      currency: "PLN",
      resolution: "refund",
      itemsValueMinor: 39_998,
      restockingFeeMinor: 4_000, // 3 999.8 → 4 000
      returnShippingFeeMinor: 1_500,
      bonusMinor: 0,
      totalMinor: 34_498,
      lines: [{ lineItemGid: L(1), quantity: 2, valueMinor: 39_998, restockingFeePercent: 10 }],
    });
  });

  it("waives the restocking fee and adds the bonus for store credit", () => {
    const a = evaluateReturn(fees, { ...two, resolution: "store_credit" }, NOW).amounts;
    expect(a).toMatchObject({ restockingFeeMinor: 0, returnShippingFeeMinor: 1_500, bonusMinor: 4_000, totalMinor: 42_498 });
  });

  it("charges the restocking fee on store credit when the policy does not waive it", () => {
    const a = evaluateReturn(
      { ...fees, waiveRestockingFeeForCreditOrExchange: false },
      { ...two, resolution: "store_credit" },
      NOW,
    ).amounts;
    expect(a).toMatchObject({ restockingFeeMinor: 4_000, bonusMinor: 4_000, totalMinor: 38_498 });
  });

  it("waives return shipping for an exchange when the policy says so, and adds its bonus", () => {
    const ex = { ...two, resolution: "exchange" as const, items: [item({ quantity: 2, exchangeVariantGid: V(101) })] };
    expect(evaluateReturn(fees, ex, NOW).amounts).toMatchObject({
      restockingFeeMinor: 0,
      returnShippingFeeMinor: 0,
      bonusMinor: 2_000, // 1 999.9 → 2 000
      totalMinor: 41_998,
    });
    const charged = { ...fees, returnShipping: { ...fees.returnShipping, waiveForExchange: false } };
    expect(evaluateReturn(charged, ex, NOW).amounts).toMatchObject({ returnShippingFeeMinor: 1_500, totalMinor: 40_498 });
  });

  it("charges no return shipping when the merchant pays", () => {
    const merchant = { ...fees, returnShipping: { payer: "merchant" as const, feeMinor: 1_500, waiveForExchange: false } };
    expect(evaluateReturn(merchant, two, NOW).amounts).toMatchObject({ returnShippingFeeMinor: 0, totalMinor: 35_998 });
  });

  it.each([
    [5, 10, 1], // 0.5 → 1
    [4, 10, 0], // 0.4 → 0
    [100, 12.5, 13], // 12.5 → 13
    [99, 12.5, 12], // 12.375 → 12
    [1_999, 0.25, 5], // 4.9975 → 5
    [10_000, 0, 0],
    [10_000, 100, 10_000],
  ])("rounds %i × %f %% half up to %i minor units", (value, pct, expected) => {
    expect(percentOf(value, pct)).toBe(expected);
  });

  it("rounds the fee once over all lines, each at its own rate", () => {
    const lines = [
      line({ unitPriceMinor: 15 }),
      line({ lineItemGid: L(2), productGid: P(20), unitPriceMinor: 15 }),
      line({ lineItemGid: L(3), productGid: P(30), unitPriceMinor: 1_000 }),
    ];
    const p = policy({ restockingFeePercent: 10, rules: [rule({ target: "product", value: P(30), restockingFeePercent: 0 })] });
    const r = request({ order: order(lines), items: [item(), item({ lineItemGid: L(2) }), item({ lineItemGid: L(3) })] });
    // 1.5 + 1.5 + 0 = 3 (not 2 + 2).
    expect(evaluateReturn(p, r, NOW).amounts.restockingFeeMinor).toBe(3);
  });

  it("never goes below zero when the fees exceed the items", () => {
    const p = policy({ returnShipping: { payer: "customer", feeMinor: 5_000, waiveForExchange: false } });
    const cheap = request({ order: order([line({ unitPriceMinor: 1_000 })]) });
    expect(evaluateReturn(p, cheap, NOW).amounts).toMatchObject({ itemsValueMinor: 1_000, returnShippingFeeMinor: 5_000, totalMinor: 0 });
  });

  it("charges no shipping when nothing can go back", () => {
    const p = policy({ returnShipping: { payer: "customer", feeMinor: 1_500, waiveForExchange: false } });
    const d = evaluateReturn(p, request({ items: [item({ quantity: 9 })] }), NOW);
    expect(d.amounts).toMatchObject({ itemsValueMinor: 0, returnShippingFeeMinor: 0, totalMinor: 0, lines: [] });
  });

  it("keeps the order's currency (yen have no minor digits)", () => {
    const r = request({ order: order([line({ unitPriceMinor: 4_990 })], { currency: "JPY" }) });
    expect(evaluateReturn({ ...fees, restockingFeePercent: 3 }, r, NOW).amounts).toMatchObject({
      currency: "JPY",
      restockingFeeMinor: 150, // 149.7 → 150
    });
  });
});

describe("quotes for every resolution, side by side", () => {
  const p = policy({
    restockingFeePercent: 10,
    returnShipping: { payer: "customer", feeMinor: 1_500, waiveForExchange: true },
    resolutions: {
      refund: { enabled: true },
      storeCredit: { enabled: true, bonusPercent: 10 },
      exchange: { enabled: true, bonusPercent: 5 },
    },
  });
  const r = { order: order(), customer: { flagged: false, previousReturnsAt: [] }, items: [item({ quantity: 2 })] };

  it("shows refund, credit and exchange before the shopper picks a variant", () => {
    const quotes = quoteResolutions(p, r, NOW);
    expect(quotes.map((q) => [q.resolution, q.available, q.amounts.totalMinor])).toEqual([
      ["refund", true, 34_498],
      ["store_credit", true, 42_498],
      ["exchange", true, 41_998],
    ]);
  });

  it("gives the same amounts as the decision once the shopper chooses", () => {
    for (const q of quoteResolutions(p, r, NOW)) {
      const chosen = { ...r, resolution: q.resolution, items: r.items.map((i) => ({ ...i, exchangeVariantGid: V(101) })) };
      expect(evaluateReturn(p, chosen, NOW).amounts).toEqual(q.amounts);
    }
  });

  it("lists only the resolutions the policy offers", () => {
    const noExchange = { ...p, resolutions: { ...p.resolutions, exchange: { enabled: false, bonusPercent: 0 } } };
    expect(quoteResolutions(noExchange, r, NOW).map((q) => q.resolution)).toEqual(["refund", "store_credit"]);
  });

  it("marks a resolution unavailable for an item that cannot take it, and leaves that item out", () => {
    const lines = [line(), line({ lineItemGid: L(2), productGid: P(20), unitPriceMinor: 5_000, variants: [] })];
    const withRule = { ...p, rules: [rule({ target: "product", value: P(20), exchangeOrCreditOnly: true })] };
    const quotes = quoteResolutions(withRule, { ...r, order: order(lines), items: [item(), item({ lineItemGid: L(2) })] }, NOW);
    const byRes = Object.fromEntries(quotes.map((q) => [q.resolution, q]));
    expect(byRes.refund).toMatchObject({ available: false, unavailableFor: [L(2)] });
    expect(byRes.refund.amounts.itemsValueMinor).toBe(19_999);
    expect(byRes.store_credit).toMatchObject({ available: true, unavailableFor: [] });
    expect(byRes.store_credit.amounts.itemsValueMinor).toBe(24_999);
    expect(byRes.exchange).toMatchObject({ available: false, unavailableFor: [L(2)] });
  });
});

describe("approval", () => {
  const auto = (over: Partial<ReturnPolicy["autoApproval"]> = {}, review: Partial<ReturnPolicy["review"]> = {}) =>
    policy({
      autoApproval: {
        enabled: true,
        maxValueMinor: 50_000,
        reasonCodes: ["too_small", "too_large"],
        requireUnflaggedCustomer: true,
        ...over,
      },
      review: { international: true, valueOverMinor: null, serialReturnerMinReturns: null, ...review },
    });
  const decide = (p: ReturnPolicy, r: ReturnRequestInput = request()) => {
    const d = evaluateReturn(p, r, NOW);
    return { approval: d.approval, because: traceOf(d.trace, "auto_approval").because, trace: d.trace };
  };

  it("leaves everything for the merchant when auto-approval is off", () => {
    expect(decide(policy())).toMatchObject({ approval: "review", because: "disabled" });
  });

  it("approves at once a request that meets every condition", () => {
    expect(decide(auto())).toMatchObject({ approval: "auto", because: "all_conditions_met" });
  });

  it("needs the value under the limit, not at it", () => {
    expect(decide(auto({ maxValueMinor: 19_999 }))).toMatchObject({ approval: "review", because: "condition_not_met" });
    expect(traceOf(decide(auto({ maxValueMinor: 19_999 })).trace, "auto_value")).toMatchObject({
      fired: false,
      because: "at_or_over_limit",
      values: { valueMinor: 19_999, limitMinor: 19_999 },
    });
    expect(decide(auto({ maxValueMinor: 20_000 })).approval).toBe("auto");
    expect(decide(auto({ maxValueMinor: null })).approval).toBe("auto");
  });

  it("needs every item's reason in the list (an empty list takes any reason)", () => {
    const r = request({ items: [item({ reasonCode: "changed_mind" })] });
    const d = decide(auto(), r);
    expect(d.approval).toBe("review");
    expect(traceOf(d.trace, "auto_reason")).toMatchObject({
      fired: false,
      because: "reason_not_listed",
      values: { notListed: ["changed_mind"] },
    });
    expect(decide(auto({ reasonCodes: [] }), r).approval).toBe("auto");
  });

  it("needs a customer who is not flagged, when the merchant asks for it", () => {
    const flagged = request({ customer: { flagged: true, previousReturnsAt: [] } });
    expect(decide(auto(), flagged)).toMatchObject({ approval: "review", because: "condition_not_met" });
    expect(decide(auto({ requireUnflaggedCustomer: false }), flagged).approval).toBe("auto");
  });

  it("sends an international return to review even when every auto condition holds", () => {
    const de = request({ order: order([line()], { shippingCountryCode: "DE" }) });
    const d = decide(auto(), de);
    expect(d).toMatchObject({ approval: "review", because: "review_required" });
    expect(traceOf(d.trace, "review_international")).toMatchObject({
      fired: true,
      because: "international",
      values: { shippingCountryCode: "DE", shopCountryCode: "PL" },
    });
    expect(decide(auto({}, { international: false }), de).approval).toBe("auto");
    const pickup = request({ order: order([line()], { shippingCountryCode: null }) });
    expect(traceOf(decide(auto(), pickup).trace, "review_international")).toMatchObject({ fired: false, because: "no_shipping_country" });
    const lower = request({ order: order([line()], { shippingCountryCode: "pl" }) });
    expect(decide(auto(), lower).approval).toBe("auto");
  });

  it("sends a request worth more than the threshold to review, not one worth exactly that", () => {
    expect(decide(auto({}, { valueOverMinor: 19_998 })).approval).toBe("review");
    expect(decide(auto({}, { valueOverMinor: 19_999 })).approval).toBe("auto");
  });

  it("sends a serial returner to review, counting returns of the last 365 days only", () => {
    const days = (n: number) => new Date(NOW.getTime() - n * 86_400_000).toISOString();
    const customer = (at: string[]) => request({ customer: { flagged: false, previousReturnsAt: at } });
    const p = auto({}, { serialReturnerMinReturns: 3 });
    const serial = decide(p, customer([days(1), days(100), days(364)]));
    expect(serial.approval).toBe("review");
    expect(traceOf(serial.trace, "review_serial_returner")).toMatchObject({ fired: true, values: { returnsLast365Days: 3, threshold: 3 } });
    expect(decide(p, customer([days(1), days(100), days(365)])).approval).toBe("auto");
    expect(decide(p, customer([days(1), days(100), days(-1)])).approval).toBe("auto");
  });

  it("gives no approval to a refused request", () => {
    const d = decide(auto(), request({ items: [item({ quantity: 5 })] }));
    expect(d).toMatchObject({ approval: null, because: "refused" });
  });
});

describe("the trace the merchant sees", () => {
  it("lists every rule once, in a fixed order, with the numbers involved", () => {
    const d = evaluateReturn(policy({ restockingFeePercent: 10 }), request(), NOW);
    expect(d.trace.map((e) => e.rule)).toEqual(POLICY_RULES);
    expect(traceOf(d.trace, "window")).toEqual({
      rule: "window",
      fired: false,
      because: "passed",
      values: {},
      items: [
        {
          lineItemGid: L(1),
          fired: false,
          values: { deadline: "2026-07-03T21:59:59.999Z", windowFrom: "delivery", windowDays: 30, transitBufferDays: 0, ruleId: null },
        },
      ],
    });
    expect(traceOf(d.trace, "restocking_fee")).toMatchObject({
      fired: true,
      because: "charged",
      values: { feeMinor: 2_000, policyPercent: 10, waived: false },
    });
    expect(traceOf(d.trace, "exchange_variant")).toMatchObject({ fired: false, because: "not_applicable", items: [] });
  });

  it("marks the rule that refused an item, with its deadline", () => {
    const d = evaluateReturn(policy({ windowDays: 5 }), request(), NOW);
    expect(traceOf(d.trace, "window")).toMatchObject({
      fired: true,
      because: "refused",
      items: [{ lineItemGid: L(1), fired: true, values: { deadline: "2026-06-08T21:59:59.999Z" } }],
    });
  });

  it("names the product rule that set the window", () => {
    const r = { ...rule({ target: "collection", value: C(5), windowDays: 60 }), id: "summer-60" };
    const d = evaluateReturn(policy({ rules: [r] }), request(), NOW);
    expect(traceOf(d.trace, "window").items![0].values).toMatchObject({ windowDays: 60, ruleId: "summer-60" });
  });
});

describe("properties", () => {
  const resolutionArb = fc.constantFrom<Resolution>("refund", "store_credit", "exchange");
  const policyArb = fc.record({
    restockingFeePercent: fc.integer({ min: 0, max: 10_000 }).map((n) => n / 100),
    shippingFee: fc.integer({ min: 0, max: 50_000 }),
    payer: fc.constantFrom<"customer" | "merchant">("customer", "merchant"),
    creditBonus: fc.integer({ min: 0, max: 5_000 }).map((n) => n / 100),
    exchangeBonus: fc.integer({ min: 0, max: 5_000 }).map((n) => n / 100),
    waiveFee: fc.boolean(),
    waiveShipping: fc.boolean(),
    windowDays: fc.option(fc.integer({ min: 1, max: 60 }), { nil: null }),
  });
  const toPolicy = (a: ValueOf<typeof policyArb>): ReturnPolicy =>
    policy({
      windowDays: a.windowDays,
      restockingFeePercent: a.restockingFeePercent,
      waiveRestockingFeeForCreditOrExchange: a.waiveFee,
      returnShipping: { payer: a.payer, feeMinor: a.shippingFee, waiveForExchange: a.waiveShipping },
      resolutions: {
        refund: { enabled: true },
        storeCredit: { enabled: true, bonusPercent: a.creditBonus },
        exchange: { enabled: true, bonusPercent: a.exchangeBonus },
      },
    });
  // Each generated item has its own line, valid or not in several ways.
  const itemArb = fc.record({
    price: fc.integer({ min: 0, max: 2_000_000 }),
    ordered: fc.integer({ min: 1, max: 5 }),
    fulfilled: fc.integer({ min: 0, max: 5 }),
    returned: fc.integer({ min: 0, max: 3 }),
    asked: fc.integer({ min: 0, max: 6 }),
    deliveredDaysAgo: fc.integer({ min: 0, max: 90 }),
    reason: fc.constantFrom("too_small", "defective", "made_up"),
    photos: fc.integer({ min: 0, max: 2 }),
    variant: fc.constantFrom(V(100), V(101), V(102)),
  });
  const build = (items: ValueOf<typeof itemArb>[], resolution: Resolution): ReturnRequestInput => {
    const lines = items.map((it, i) =>
      line({
        lineItemGid: L(i + 1),
        unitPriceMinor: it.price,
        quantity: it.ordered,
        fulfilledQuantity: Math.min(it.ordered, it.fulfilled),
        returnedQuantity: it.returned,
        deliveredAt: new Date(NOW.getTime() - it.deliveredDaysAgo * 86_400_000).toISOString(),
      }),
    );
    return request({
      order: order(lines),
      resolution,
      items: items.map((it, i) =>
        item({ lineItemGid: L(i + 1), quantity: it.asked, reasonCode: it.reason, photoCount: it.photos, exchangeVariantGid: it.variant }),
      ),
    });
  };
  const itemsArb = fc.array(itemArb, { minLength: 1, maxLength: 5 });

  it("never gives a negative amount, and the total is items − fees + bonus when that is positive", () => {
    fc.assert(
      fc.property(policyArb, itemsArb, resolutionArb, (a, items, res) => {
        const m = evaluateReturn(toPolicy(a), build(items, res), NOW).amounts;
        for (const v of [m.itemsValueMinor, m.restockingFeeMinor, m.returnShippingFeeMinor, m.bonusMinor, m.totalMinor]) {
          expect(Number.isSafeInteger(v) && v >= 0).toBe(true);
        }
        expect(m.totalMinor).toBe(Math.max(0, m.itemsValueMinor - m.restockingFeeMinor - m.returnShippingFeeMinor + m.bonusMinor));
      }),
    );
  });

  it("gives at least as much as store credit or an exchange as a refund when bonuses are ≥ 0 and fees are waived", () => {
    fc.assert(
      fc.property(policyArb, itemsArb, (a, items) => {
        const p = toPolicy({ ...a, waiveFee: true, waiveShipping: true });
        const quotes = Object.fromEntries(
          quoteResolutions(p, build(items, "refund"), NOW).map((q) => [q.resolution, q.amounts.totalMinor]),
        );
        expect(quotes.store_credit).toBeGreaterThanOrEqual(quotes.refund);
        expect(quotes.exchange).toBeGreaterThanOrEqual(quotes.refund);
      }),
    );
  });

  it("never counts a refused item in the amounts, and refuses the request when any item is refused", () => {
    fc.assert(
      fc.property(policyArb, itemsArb, resolutionArb, (a, items, res) => {
        const r = build(items, res);
        const d = evaluateReturn(toPolicy(a), r, NOW);
        const refused = new Set(d.refusals.map((x) => x.lineItemGid));
        expect(d.outcome === "refused").toBe(refused.size > 0);
        expect(d.amounts.lines.every((l) => !refused.has(l.lineItemGid))).toBe(true);
        expect(d.amounts.lines.length + refused.size).toBe(r.items.length);
        const accepted = r.items.filter((i) => !refused.has(i.lineItemGid));
        const value = accepted.reduce(
          (s, i) => s + r.order.lines.find((l) => l.lineItemGid === i.lineItemGid)!.unitPriceMinor * i.quantity,
          0,
        );
        expect(d.amounts.itemsValueMinor).toBe(value);
      }),
    );
  });

  it("lists every rule exactly once in every trace", () => {
    fc.assert(
      fc.property(policyArb, itemsArb, resolutionArb, fc.boolean(), (a, items, res, flagged) => {
        const p = { ...toPolicy(a), autoApproval: { ...defaultReturnPolicy().autoApproval, enabled: true } };
        const d = evaluateReturn(p, { ...build(items, res), customer: { flagged, previousReturnsAt: [] } }, NOW);
        expect(d.trace.map((e) => e.rule)).toEqual(POLICY_RULES);
        expect(d.approval === "auto").toBe(traceOf(d.trace, "auto_approval").fired);
      }),
    );
  });

  it("agrees with returnableItems: an item within its returnable quantity and with a known reason is accepted", () => {
    fc.assert(
      fc.property(itemsArb, (items) => {
        const r = build(items, "store_credit");
        const lines = returnableItems(policy(), r.order, NOW);
        const d = evaluateReturn(policy(), r, NOW);
        r.items.forEach((it, i) => {
          const fits = it.quantity >= 1 && it.quantity <= lines[i].returnableQuantity;
          const reasonOk = it.reasonCode === "too_small" || (it.reasonCode === "defective" && it.photoCount > 0);
          expect(d.refusals.some((x) => x.index === i)).toBe(!(fits && reasonOk));
        });
      }),
    );
  });
});
