// A return refunded to the original payment, end to end through the Shopify double: the guest finds the
// order and asks, the merchant approves, adds a label, receives (restocked where the order shipped from)
// and processes; Shopify refunds the items less the restocking and return shipping fees to the sale, the
// refunds/create webhook reaches the app, the points for the refunded value go once, and the case closes.
// Also: a label added in Shopify's admin puts the case in transit once, and the international review rule.
import { afterEach, describe, expect, it } from "vitest";
import { addReturnLabel, approveReturn, closeReturn, markReceived, processReturn } from "~/returns/actions.server";
import { returnDeps, type ReturnDeps } from "~/returns/deps.server";
import { lookupGuestOrder, resetLookupLimits } from "~/returns/lookup.server";
import { defaultReturnPolicy } from "~/returns/policy";
import { portalOrder, quoteReturn, returnStatus, submitReturn } from "~/returns/portal.server";
import { saveReturnPolicy } from "~/returns/settings.server";
import type { ReturnPolicy } from "~/returns/policy-types";
import { placeOrder } from "../support/demo-orders";
import { LOYALTY_SHOP, startLoyaltyShop, type LoyaltyShop } from "../support/loyalty-shop";

const SHOP = LOYALTY_SHOP;

let s: LoyaltyShop | undefined;
afterEach(async () => {
  resetLookupLimits();
  await s?.stop();
  s = undefined;
});

async function start(policy: Partial<ReturnPolicy> = {}) {
  s = await startLoyaltyShop({ pendingDays: 14 });
  const x = s;
  // The merchant granted the returns scopes the app asks for (shopify.app.toml).
  const installation = x.store.upsertShop(SHOP).installations.find((i) => i.online === null)!;
  x.store.install(SHOP, { accessToken: installation.accessToken, scope: `${installation.scope},read_returns,write_returns` });
  await saveReturnPolicy(x.harness.runtime.db, SHOP, { ...defaultReturnPolicy(), ...policy });
  return { x, deps: returnDeps(x.harness.runtime) };
}

/** A delivered order of two units of one variant for `customerId`. */
async function deliveredOrder(x: LoyaltyShop, customerId = x.customer.id) {
  const data = x.store.shopData(SHOP);
  const variant = Object.values(data.variants).find((v) => x.store.variantAvailable(v) && Number(v.price) >= 50)!;
  const order = placeOrder(x.store, SHOP, { customerId, variantId: variant.id, quantity: 2 });
  await x.settle();
  const fulfillment = x.store.fulfill(SHOP, order.id);
  await x.settle();
  x.store.markDelivered(SHOP, fulfillment.id, x.clock.now().toISOString());
  await x.settle();
  return { order, variant };
}

async function guestReturn(x: LoyaltyShop, deps: ReturnDeps, orderName: string, email: string, key: string) {
  const lookup = await lookupGuestOrder(deps, SHOP, { orderName, email, ip: "203.0.113.7" });
  if (!lookup.ok) throw new Error(`lookup failed: ${lookup.error}`);
  const item = (await portalOrder(deps, SHOP, lookup.token, "pl"))!.items[0];
  const draft = { items: [{ lineItemGid: item.lineItemGid, quantity: 1, reasonCode: "changed_mind" }], resolution: "refund" as const };
  const quote = await quoteReturn(deps, SHOP, lookup.token, draft, "pl");
  const submitted = await submitReturn(deps, SHOP, lookup.token, draft, [], key, "pl");
  if (!submitted.ok) throw new Error(JSON.stringify(submitted.errors));
  await x.settle();
  return { token: lookup.token, item, quote, submitted };
}

const events = (x: LoyaltyShop, type: string) => x.harness.runtime.db.afterSalesEvent.findMany({ where: { shop: SHOP, type } });
const caseRow = (x: LoyaltyShop, id: string) => x.harness.runtime.db.returnCase.findFirstOrThrow({ where: { shop: SHOP, id } });

describe("a return refunded to the original payment", () => {
  it("refunds the items less the fees to the sale, reaches the app as refunds/create, takes the points back once, then closes", async () => {
    const { x, deps } = await start({
      restockingFeePercent: 10,
      returnShipping: { payer: "customer", feeMinor: 1500, waiveForExchange: true },
    });
    const { order } = await deliveredOrder(x);
    const awarded = (await x.member())!.pending;
    expect(awarded).toBeGreaterThan(1);
    const { token, item, quote, submitted } = await guestReturn(x, deps, order.name, x.customer.email!, "refund-1");
    const unit = item.unitPriceMinor;
    expect(quote.amounts).toMatchObject({
      itemsMinor: unit,
      restockingFeeMinor: Math.round(unit / 10),
      shippingFeeMinor: 1500,
      totalMinor: unit - Math.round(unit / 10) - 1500,
    });
    const id = submitted.returnId;

    expect(await approveReturn(deps, SHOP, id, "Merchant")).toEqual({ ok: true });
    await x.settle();
    expect(
      await addReturnLabel(deps, SHOP, id, "Merchant", { labelUrl: "https://labels.example/r1.pdf", trackingNumber: "RR1PL" }),
    ).toEqual({ ok: true });
    await x.settle();
    const stockBefore = x.store.shopData(SHOP).variants[order.lineItems[0].variantId!].inventoryQuantity ?? 0;
    expect(await markReceived(deps, SHOP, id, "Merchant")).toEqual({ ok: true });
    // Restocked at the location the order shipped from.
    const ret = x.store.shopData(SHOP).returns[(await caseRow(x, id)).returnGid!];
    const shippedFrom = x.store.locationsOf(SHOP)[0].id;
    expect(ret.details!.reverseFulfillmentOrders[0].lineItems[0].dispositions).toEqual([
      expect.objectContaining({ type: "RESTOCKED", quantity: 1, locationId: shippedFrom }),
    ]);
    expect(x.store.shopData(SHOP).variants[order.lineItems[0].variantId!].inventoryQuantity).toBe(stockBefore + 1);

    expect(await processReturn(deps, SHOP, id, "Merchant")).toEqual({ ok: true });
    await x.settle();
    const [refund] = x.store.refundsOf(SHOP, order.id);
    expect(refund).toMatchObject({
      returnId: ret.id,
      amount: (quote.amounts.totalMinor / 100).toFixed(2),
      lineItems: [expect.objectContaining({ lineItemId: item.lineItemGid, quantity: 1, restockType: "return" })],
    });
    const sale = x.store.transactionsOf(SHOP, order.id).find((t) => t.kind === "SALE")!;
    expect(x.store.transactionsOf(SHOP, order.id).filter((t) => t.kind === "REFUND")).toEqual([
      expect.objectContaining({ parentId: sale.id, amount: refund.amount }),
    ]);
    // refunds/create reached the app: the case is processed with Shopify's refund, recorded once.
    expect(await caseRow(x, id)).toMatchObject({ status: "processed", refundGid: refund.id });
    expect((await returnStatus(deps, SHOP, token, id, "pl"))!.status).toBe("processed");
    expect(await events(x, "return.processed")).toHaveLength(1);
    expect(await events(x, "order.refunded")).toHaveLength(1);

    const after = (await x.member())!;
    expect(after.pending).toBeLessThan(awarded);
    const entries = await x.entries();
    expect(entries.filter((e) => e.reason === "order_refunded")).toHaveLength(1);

    expect(await closeReturn(deps, SHOP, id, "Merchant")).toEqual({ ok: true });
    await x.settle();
    expect(ret.status).toBe("CLOSED");
    expect((await caseRow(x, id)).status).toBe("closed");

    await x.redeliverAll();
    expect(await x.entries()).toEqual(entries);
    expect(x.store.refundsOf(SHOP, order.id)).toHaveLength(1);
    expect(await events(x, "return.processed")).toHaveLength(1);
  }, 60_000);
});

describe("a label added in Shopify's admin", () => {
  it("puts the approved case in transit with the label and tracking, with one label_added event whoever saw it first", async () => {
    const { x, deps } = await start();
    const { order } = await deliveredOrder(x);
    const { submitted } = await guestReturn(x, deps, order.name, x.customer.email!, "label-1");
    const id = submitted.returnId;
    expect(await approveReturn(deps, SHOP, id, "Merchant")).toEqual({ ok: true });
    await x.settle();
    const ret = x.store.shopData(SHOP).returns[(await caseRow(x, id)).returnGid!];
    const rfo = ret.details!.reverseFulfillmentOrders[0];
    x.store.createReverseDelivery(SHOP, {
      reverseFulfillmentOrderId: rfo.id,
      reverseDeliveryLineItems: [],
      trackingInput: { number: "RR9PL", url: "https://track.example/RR9PL" },
      labelInput: { fileUrl: "https://labels.example/admin.pdf" },
    });
    await x.settle();
    expect(await caseRow(x, id)).toMatchObject({
      status: "in_transit",
      labelUrl: "https://labels.example/admin.pdf",
      trackingNumber: "RR9PL",
      trackingUrl: "https://track.example/RR9PL",
    });
    expect(await events(x, "return.label_added")).toHaveLength(1);

    // Shopify repeating itself, and the merchant then trying to add a label in the app, change nothing.
    await x.redeliverAll();
    expect(await events(x, "return.label_added")).toHaveLength(1);
    expect(
      await addReturnLabel(deps, SHOP, id, "Merchant", { labelUrl: "https://labels.example/app.pdf", trackingNumber: null }),
    ).toMatchObject({
      ok: false,
    });
    expect(await caseRow(x, id)).toMatchObject({ status: "in_transit", labelUrl: "https://labels.example/admin.pdf" });
  }, 60_000);
});

describe("the international review rule", () => {
  it("sends a Polish shop's order shipped to Germany to review, and auto-approves one shipped in Poland", async () => {
    const { x, deps } = await start({
      autoApproval: { enabled: true, maxValueMinor: null, reasonCodes: [], requireUnflaggedCustomer: false },
      review: { international: true, valueOverMinor: null, serialReturnerMinReturns: null },
    });
    const address = (countryCode: string, country: string) => ({
      firstName: "Jan",
      lastName: "Kowal",
      address1: "Hauptstraße 1",
      city: "Berlin",
      zip: "10115",
      country,
      countryCode,
      phone: null,
    });
    const german = x.store.createCustomer(SHOP, { email: "jan.kowal@example.de", locale: "pl", address: address("DE", "Germany") });
    const polish = x.store.createCustomer(SHOP, { email: "ewa.lis@example.pl", locale: "pl", address: address("PL", "Poland") });
    await x.settle();
    const abroad = await deliveredOrder(x, german.id);
    const home = await deliveredOrder(x, polish.id);
    const toGermany = await guestReturn(x, deps, abroad.order.name, german.email!, "intl-de");
    const inPoland = await guestReturn(x, deps, home.order.name, polish.email!, "intl-pl");
    expect(toGermany.submitted).toMatchObject({ status: "requested", approval: "review" });
    expect(inPoland.submitted).toMatchObject({ status: "approved", approval: "auto" });
  }, 60_000);
});
