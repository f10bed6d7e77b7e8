// Points through the Shopify double's webhooks: an account earns its signup points; a paid order's
// points are pending for the return window, then spendable; partial and full refunds take back
// their share (from pending while pending, from the balance after); a cancelled order takes back
// everything; a repeated or reordered webhook changes nothing; the ledger's sums always check.
import { afterEach, describe, expect, it } from "vitest";
import { ledgerMismatches } from "~/loyalty/ledger.server";
import { cancelOrder, placeOrder, refundOrder } from "../support/demo-orders";
import { LOYALTY_SHOP, startLoyaltyShop, type LoyaltyShop } from "../support/loyalty-shop";
import { waitForValue } from "../support/wait";

const DAY = 24 * 3600_000;
let s: LoyaltyShop | undefined;
afterEach(async () => {
  await s?.stop();
  s = undefined;
});

function variantPriced(shop: LoyaltyShop, minMinor: number): { id: string; priceMinor: number } {
  const data = shop.store.shopData(LOYALTY_SHOP);
  const v = Object.values(data.variants).find((x) => shop.store.variantAvailable(x) && Math.round(Number(x.price) * 100) >= minMinor);
  if (!v) throw new Error("no variant in stock at that price");
  return { id: v.id, priceMinor: Math.round(Number(v.price) * 100) };
}

async function expectSound(shop: LoyaltyShop) {
  expect(await ledgerMismatches(shop.harness.runtime.db, LOYALTY_SHOP)).toEqual([]);
}

describe("earning points", () => {
  it("gives signup points once, then a paid order's points pending until the return window ends", async () => {
    s = await startLoyaltyShop({ pendingDays: 14 });
    expect(await s.member()).toMatchObject({ balance: 100, pending: 0 });
    const variant = variantPriced(s, 5000);
    const order = placeOrder(s.store, LOYALTY_SHOP, { customerId: s.customer.id, variantId: variant.id, quantity: 2 });
    await s.settle();
    // 2 × price, shipping not counted, 1 point per złoty, rounded down.
    const expected = Math.floor((2 * variant.priceMinor) / 100);
    expect(await s.member()).toMatchObject({ balance: 100, pending: expected });
    const earn = (await s.entries()).find((e) => e.kind === "earn" && e.reason === "order_paid");
    expect(earn).toMatchObject({ key: `earn:order:${order.id}`, pendingPoints: expected, points: 0 });

    s.clock.advance(15 * DAY);
    const after = await waitForValue(async () => {
      const m = await s!.member();
      return m && m.pending === 0 ? m : null;
    });
    expect(after.balance).toBe(100 + expected);
    expect((await s.entries()).map((e) => e.kind)).toEqual(["earn", "earn", "release"]);
    await expectSound(s);
    // Liquid reads the balance from the customer's app-owned metafields, without a request.
    await s.settle();
    expect(s.store.getMetafield(LOYALTY_SHOP, s.customer.id, "$app:loyalty", "points")).toMatchObject({
      type: "number_integer",
      value: String(100 + expected),
    });
  }, 60_000);

  it("takes back a partial refund's share from pending points, and the rest on the full refund", async () => {
    s = await startLoyaltyShop({ pendingDays: 14 });
    const variant = variantPriced(s, 5000);
    const order = placeOrder(s.store, LOYALTY_SHOP, { customerId: s.customer.id, variantId: variant.id, quantity: 2 });
    await s.settle();
    const awarded = (await s.member())!.pending;
    expect(awarded).toBeGreaterThan(1);
    const line = s.store.order(LOYALTY_SHOP, order.id).lineItems[0];
    s.store.refund(LOYALTY_SHOP, order.id, { lineItems: [{ lineItemId: line.id, quantity: 1 }], note: "one cracked" });
    await s.settle();
    const half = await s.member();
    // Rounded in the customer's favour: they lose at most half.
    expect(half!.pending).toBe(awarded - Math.floor(awarded / 2));
    expect(half!.balance).toBe(100);
    refundOrder(s.store, LOYALTY_SHOP, order.id);
    await s.settle();
    expect(await s.member()).toMatchObject({ balance: 100, pending: 0 });
    // Nothing left to release when the window ends.
    s.clock.advance(15 * DAY);
    await s.settle();
    expect(await s.member()).toMatchObject({ balance: 100, pending: 0 });
    await expectSound(s);
  }, 60_000);

  it("after the window, a refund takes its share from the balance — never below zero", async () => {
    s = await startLoyaltyShop({ pendingDays: 0, signupEnabled: false });
    const variant = variantPriced(s, 5000);
    const order = placeOrder(s.store, LOYALTY_SHOP, { customerId: s.customer.id, variantId: variant.id, quantity: 1 });
    await s.settle();
    const awarded = (await s.member())!.balance;
    expect(awarded).toBe(Math.floor(variant.priceMinor / 100));
    refundOrder(s.store, LOYALTY_SHOP, order.id);
    await s.settle();
    expect(await s.member()).toMatchObject({ balance: 0, pending: 0 });
    const reverse = (await s.entries()).find((e) => e.kind === "reverse");
    expect(reverse).toMatchObject({ points: -awarded, reason: "order_refunded" });
    await expectSound(s);
  }, 60_000);

  it("a cancelled order earns nothing in the end, and repeated webhooks change nothing", async () => {
    s = await startLoyaltyShop({ pendingDays: 14 });
    const variant = variantPriced(s, 3000);
    const order = placeOrder(s.store, LOYALTY_SHOP, { customerId: s.customer.id, variantId: variant.id, quantity: 1 });
    await s.settle();
    const before = await s.entries();
    // Shopify repeats itself: the same orders/paid and customers/create again.
    await s.redeliverAll();
    expect(await s.entries()).toEqual(before);
    cancelOrder(s.store, LOYALTY_SHOP, order.id);
    await s.settle();
    expect(await s.member()).toMatchObject({ balance: 100, pending: 0 });
    expect((await s.entries()).at(-1)).toMatchObject({ kind: "reverse", reason: "order_cancelled" });
    await expectSound(s);
  }, 60_000);
});

describe("VIP tiers", () => {
  it("moves a customer up when their points reach a tier, gives its entry points once, and earns at its rate", async () => {
    s = await startLoyaltyShop({
      pendingDays: 0,
      tiers: [{ name: "Srebrny", threshold: 150, multiplier: 200, entryPoints: 20 }],
    });
    expect(await s.member()).toMatchObject({ balance: 100, tierId: null });
    const variant = variantPriced(s, 6000);
    placeOrder(s.store, LOYALTY_SHOP, { customerId: s.customer.id, variantId: variant.id, quantity: 1 });
    await s.settle();
    const first = Math.floor(variant.priceMinor / 100);
    const member = await s.member();
    expect(member!.tierId).not.toBeNull();
    expect(member!.balance).toBe(100 + first + 20);
    // The next order earns double.
    placeOrder(s.store, LOYALTY_SHOP, { customerId: s.customer.id, variantId: variant.id, quantity: 1 });
    await s.settle();
    expect((await s.member())!.balance).toBe(100 + first + 20 + 2 * first);
    expect((await s.entries()).filter((e) => e.reason === "tier_entry")).toHaveLength(1);
    // The move is on the customer's timeline.
    const events = await s.harness.runtime.db.afterSalesEvent.findMany({
      where: { shop: LOYALTY_SHOP, customerGid: s.customer.id, type: "loyalty.tier_changed" },
    });
    expect(events.map((e) => JSON.parse(e.detail))).toEqual([{ from: null, to: "Srebrny", direction: "up" }]);
    await expectSound(s);
  }, 60_000);
});

describe("VIP tiers over a rolling window", () => {
  it("moves a customer down once the points that earned the tier age out of the window", async () => {
    s = await startLoyaltyShop({
      pendingDays: 0,
      signupEnabled: false,
      tierWindowMonths: 1,
      tiers: [{ name: "Srebrny", threshold: 30, multiplier: 100, entryPoints: 0 }],
    });
    placeOrder(s.store, LOYALTY_SHOP, { customerId: s.customer.id, variantId: variantPriced(s, 3000).id, quantity: 1 });
    await s.settle();
    expect((await s.member())!.tierId).not.toBeNull();
    // Six weeks later the order is outside the one-month window; the lifecycle sweep notices.
    s.clock.advance(42 * DAY);
    const member = await waitForValue(async () => {
      await s!.settle();
      const m = await s!.member();
      return m && m.tierId === null ? m : null;
    });
    expect(member.balance).toBeGreaterThan(0);
    const moves = await s.harness.runtime.db.afterSalesEvent.findMany({
      where: { shop: LOYALTY_SHOP, customerGid: s.customer.id, type: "loyalty.tier_changed" },
      orderBy: { occurredAt: "asc" },
    });
    expect(moves.map((e) => JSON.parse(e.detail).direction)).toEqual(["up", "down"]);
  }, 60_000);
});

describe("excluded products", () => {
  it("earns nothing on products with an excluded tag, asking Shopify for the products' tags", async () => {
    s = await startLoyaltyShop({ pendingDays: 0, signupEnabled: false, excludedTags: ["Ceramics"] });
    const data = s.store.shopData(LOYALTY_SHOP);
    const pick = (tag: string, not = false) =>
      Object.values(data.variants).find((v) => s!.store.variantAvailable(v) && data.products[v.productId].tags.includes(tag) !== not)!;
    const mug = pick("ceramics");
    const linen = pick("ceramics", true);
    s.store.createOrder(LOYALTY_SHOP, {
      customerId: s.customer.id,
      lineItems: [
        { variantId: mug.id, quantity: 1 },
        { variantId: linen.id, quantity: 1 },
      ],
      shippingPrice: "14.99",
    });
    await s.settle();
    // Only the linen earns (tags match whatever their case).
    expect((await s.member())!.balance).toBe(Math.floor(Number(linen.price)));
  }, 60_000);
});

describe("reviews", () => {
  it("a published review earns the review points once, whatever its rating", async () => {
    s = await startLoyaltyShop({ pendingDays: 0, signupEnabled: false, reviewPoints: 40 });
    const publish = (reviewId: string, rating: number) =>
      s!.harness.runtime.events.append(
        LOYALTY_SHOP,
        [
          {
            type: "review.published",
            key: `review:${reviewId}:published`,
            customerGid: s!.customer.id,
            occurredAt: new Date(),
            detail: { reviewId, productGid: null, rating },
          },
        ],
        { source: "app" },
      );
    await publish("r1", 1);
    await publish("r1", 1);
    await publish("r2", 5);
    await s.settle();
    expect((await s.entries()).map((e) => [e.reason, e.points])).toEqual([
      ["review_published", 40],
      ["review_published", 40],
    ]);
  }, 60_000);
});
