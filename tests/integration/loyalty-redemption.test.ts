// Spending points, exactly once, against the Shopify double: 100 redemptions of one balance at
// once succeed exactly as often as the balance covers and refuse the rest with 409 and a reason;
// every code is single-use and bound to the customer in Shopify; a refused Shopify call gives the
// points back; a redemption whose outcome was lost is settled by looking its code up; a retried
// request returns the first one's outcome. The ledger's sums check after each.
import { afterEach, describe, expect, it } from "vitest";
import { adjustPoints } from "~/loyalty/adjust.server";
import { ledgerMismatches } from "~/loyalty/ledger.server";
import { loyaltyProgram } from "~/loyalty/program.server";
import { redeemReward, type RedeemDeps } from "~/loyalty/redeem.server";
import { SHOPIFY_API_VERSION } from "~/platform/shopify-api-version";
import { refundOrder } from "../support/demo-orders";
import { LOYALTY_SHOP, startLoyaltyShop, type LoyaltyShop } from "../support/loyalty-shop";

let s: LoyaltyShop | undefined;
afterEach(async () => {
  await s?.stop();
  s = undefined;
});

function deps(shop: LoyaltyShop): RedeemDeps {
  const rt = shop.harness.runtime;
  return {
    db: rt.db,
    shopify: { apiVersion: SHOPIFY_API_VERSION, originTemplate: rt.env.SHOPIFY_ADMIN_API_ORIGIN },
    events: rt.events,
    jobs: rt.jobs,
    clock: rt.clock,
  };
}

async function give(shop: LoyaltyShop, customerGid: string, points: number) {
  const r = await adjustPoints(deps(shop), {
    shop: LOYALTY_SHOP,
    customerGid,
    points,
    note: "test balance",
    requestKey: `give-${customerGid.slice(-6)}-${points}`,
    actor: "test",
  });
  expect(r.ok).toBe(true);
}

describe("redeeming points", () => {
  it("100 redemptions of one balance at once: exactly ⌊balance / cost⌋ succeed, the rest get 409", async () => {
    s = await startLoyaltyShop({
      signupEnabled: false,
      rewards: [{ type: "fixed_amount", title: "5 zł off", cost: 30, value: 500, enabled: true }],
    });
    await give(s, s.customer.id, 1000);
    const reward = (await loyaltyProgram(s.harness.runtime.db, LOYALTY_SHOP)).rewards[0];
    const outcomes = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        redeemReward(deps(s!), { shop: LOYALTY_SHOP, customerGid: s!.customer.id, rewardId: reward.id, requestKey: `race-${i}-xxxxxxxx` }),
      ),
    );
    const won = outcomes.filter((o) => o.ok);
    const refused = outcomes.filter((o) => !o.ok);
    expect(won).toHaveLength(Math.floor(1000 / 30));
    expect(refused).toHaveLength(100 - 33);
    for (const o of refused) expect(o).toMatchObject({ status: 409, error: "NOT_ENOUGH_POINTS" });
    expect(await s.member()).toMatchObject({ balance: 1000 - 33 * 30 });
    // Each winner holds a distinct code that Shopify has, single-use and only for this customer.
    const codes = won.map((o) => (o.ok ? o.redemption.code : null));
    expect(new Set(codes).size).toBe(33);
    for (const code of codes) {
      const discount = s.store.findDiscountByCode(LOYALTY_SHOP, code!);
      expect(discount).toBeTruthy();
      expect(discount).toMatchObject({ usageLimit: 1, customerIds: [s.customer.id] });
    }
    expect(await ledgerMismatches(s.harness.runtime.db, LOYALTY_SHOP)).toEqual([]);
  }, 120_000);

  it("a retried request returns the first outcome; a refused Shopify call gives the points back", async () => {
    s = await startLoyaltyShop({
      signupEnabled: false,
      rewards: [
        { type: "free_shipping", title: "Free shipping", cost: 150, value: 0, enabled: true },
        { type: "store_credit", title: "10 zł credit", cost: 100, value: 1000, enabled: true },
      ],
    });
    await give(s, s.customer.id, 300);
    const [credit, shipping] = (await loyaltyProgram(s.harness.runtime.db, LOYALTY_SHOP)).rewards;
    const first = await redeemReward(deps(s), {
      shop: LOYALTY_SHOP,
      customerGid: s.customer.id,
      rewardId: shipping.id,
      requestKey: "retry-key-1",
    });
    const again = await redeemReward(deps(s), {
      shop: LOYALTY_SHOP,
      customerGid: s.customer.id,
      rewardId: shipping.id,
      requestKey: "retry-key-1",
    });
    expect(first).toMatchObject({ ok: true, status: 201 });
    expect(again).toMatchObject({ ok: true, status: 200 });
    expect(first.ok && again.ok && again.redemption.code === first.redemption.code).toBe(true);
    expect(await s.member()).toMatchObject({ balance: 150 });

    // A customer Shopify no longer has: the credit is refused, and the points come back.
    const gone = "gid://shopify/Customer/424242424242";
    await give(s, gone, 100);
    const refused = await redeemReward(deps(s), {
      shop: LOYALTY_SHOP,
      customerGid: gone,
      rewardId: credit.id,
      requestKey: "gone-customer-1",
    });
    expect(refused).toMatchObject({ ok: false, status: 502, error: "REWARD_FAILED", balance: 100 });
    const entries = await s.entries(gone);
    expect(entries.map((e) => [e.kind, e.points])).toEqual([
      ["adjust", 100],
      ["redeem", -100],
      ["restore", 100],
    ]);
    expect(await s.harness.runtime.db.loyaltyRedemption.findFirst({ where: { customerGid: gone } })).toMatchObject({ status: "failed" });
    expect(await ledgerMismatches(s.harness.runtime.db, LOYALTY_SHOP)).toEqual([]);
  }, 60_000);
});

describe("rewards at checkout and refunds", () => {
  it("a code used at checkout is marked used; a full refund of that order gives its points back", async () => {
    s = await startLoyaltyShop({ signupEnabled: false, pendingDays: 0 });
    await give(s, s.customer.id, 400);
    const program = await loyaltyProgram(s.harness.runtime.db, LOYALTY_SHOP);
    const amountOff = program.rewards.find((r) => r.type === "fixed_amount")!;
    const redeemed = await redeemReward(deps(s), {
      shop: LOYALTY_SHOP,
      customerGid: s.customer.id,
      rewardId: amountOff.id,
      requestKey: "checkout-1",
    });
    if (!redeemed.ok) throw new Error(redeemed.message);
    const variant = Object.values(s.store.shopData(LOYALTY_SHOP).variants).find(
      (v) => s!.store.variantAvailable(v) && Number(v.price) > 40,
    )!;
    const order = s.store.checkoutOrder(LOYALTY_SHOP, {
      customerId: s.customer.id,
      lineItems: [{ variantId: variant.id, quantity: 1 }],
      shippingPrice: "14.99",
      discountCodes: [redeemed.redemption.code!],
    });
    await s.settle();
    const db = s.harness.runtime.db;
    expect(await db.loyaltyRedemption.findFirst({ where: { code: redeemed.redemption.code } })).toMatchObject({
      status: "used",
      orderGid: order.id,
    });
    // The code is single-use in Shopify too.
    expect(() =>
      s!.store.checkoutOrder(LOYALTY_SHOP, {
        customerId: s!.customer.id,
        lineItems: [{ variantId: variant.id, quantity: 1 }],
        discountCodes: [redeemed.redemption.code!],
      }),
    ).toThrow();

    const balanceAfterOrder = (await s.member())!.balance;
    s.store.refund(LOYALTY_SHOP, order.id, { note: "returned" });
    await s.settle();
    // The order's own points go back, and the 200 spent on the reward used with it are returned.
    const entries = await s.entries();
    expect(entries.filter((e) => e.reason === "reward_refunded")).toEqual([expect.objectContaining({ kind: "restore", points: 200 })]);
    const earned = entries.find((e) => e.kind === "earn" && e.reason === "order_paid")!.points;
    expect((await s.member())!.balance).toBe(balanceAfterOrder - earned + 200);
    expect(await db.loyaltyRedemption.findFirst({ where: { code: redeemed.redemption.code } })).toMatchObject({ status: "refunded" });
    expect(await ledgerMismatches(db, LOYALTY_SHOP)).toEqual([]);
  }, 60_000);

  it("buy, earn, redeem, refund: the unused code bought with those points is voided in Shopify and its points taken back", async () => {
    s = await startLoyaltyShop({
      signupEnabled: false,
      pendingDays: 0,
      pointsPerUnit: 10,
      rewards: [{ type: "percentage", title: "10% off", cost: 300, value: 10, enabled: true }],
    });
    const variant = Object.values(s.store.shopData(LOYALTY_SHOP).variants).find(
      (v) => s!.store.variantAvailable(v) && Number(v.price) >= 40,
    )!;
    const order = s.store.checkoutOrder(LOYALTY_SHOP, {
      customerId: s.customer.id,
      lineItems: [{ variantId: variant.id, quantity: 1 }],
      shippingPrice: "14.99",
    });
    await s.settle();
    const earned = (await s.member())!.balance;
    expect(earned).toBeGreaterThanOrEqual(400);
    const reward = (await loyaltyProgram(s.harness.runtime.db, LOYALTY_SHOP)).rewards[0];
    const redeemed = await redeemReward(deps(s), {
      shop: LOYALTY_SHOP,
      customerGid: s.customer.id,
      rewardId: reward.id,
      requestKey: "spend-then-refund",
    });
    if (!redeemed.ok) throw new Error(redeemed.message);
    expect((await s.member())!.balance).toBe(earned - 300);

    refundOrder(s.store, LOYALTY_SHOP, order.id);
    await s.settle();
    // Nothing left of what the order earned: the unused code is dead in Shopify, the balance is back to 0.
    expect(await s.member()).toMatchObject({ balance: 0, pending: 0 });
    expect(s.store.discountStatus(s.store.findDiscountByCode(LOYALTY_SHOP, redeemed.redemption.code!)!)).toBe("EXPIRED");
    expect(await s.harness.runtime.db.loyaltyRedemption.findFirst({ where: { code: redeemed.redemption.code } })).toMatchObject({
      status: "voided",
    });
    expect(await ledgerMismatches(s.harness.runtime.db, LOYALTY_SHOP)).toEqual([]);
  }, 60_000);
});
