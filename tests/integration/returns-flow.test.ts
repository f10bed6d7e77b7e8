// Returns end to end below the browser, through the Shopify double: a guest finds their order, asks
// for a return, the merchant approves, adds a label, receives the parcel and processes it (store
// credit with a bonus, an exchange), then closes it — the shopper's status view right at every step
// and Shopify's return following along. Also: a declined request, out-of-window and final-sale items
// refused with a clear message, an unknown order and a wrong email indistinguishable, duplicate
// webhooks changing nothing, two merchants approving and declining at once.
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "~/platform/clock";
import { approveReturn, addReturnLabel, closeReturn, declineReturn, markReceived, processReturn } from "~/returns/actions.server";
import { listReturns, returnDetail } from "~/returns/admin.server";
import { returnAnalytics } from "~/returns/analytics.server";
import { returnDeps, type ReturnDeps } from "~/returns/deps.server";
import { customerReturnOrders, LOOKUP_FLOOR_MS, lookupGuestOrder, resetLookupLimits } from "~/returns/lookup.server";
import { defaultReturnPolicy } from "~/returns/policy";
import { portalOrder, quoteReturn, returnStatus, submitReturn } from "~/returns/portal.server";
import { loadReturnPolicy, saveReturnPolicy } from "~/returns/settings.server";
import type { Harness } from "../support/app-harness";
import { startAppWithDouble } from "../support/app-with-double";
import type { ShopifyDouble } from "../support/shopify";
import { AdminStore, seedDemoShop } from "../support/shopify/admin";
import { DEFAULT_SCOPES } from "../support/shopify/admin/http";

const SHOP = "zwroty-sklep.myshopify.com";
const TOKEN = "shpat_returns_test";
const EMAIL = "ola.nowak@example.pl";
const DAY = 86_400_000;

interface Setup {
  store: AdminStore;
  clock: ManualClock;
  harness: Harness;
  double: ShopifyDouble;
  customerId: string;
  deps: ReturnDeps;
  settle(): Promise<void>;
}

let s: Setup | undefined;
afterEach(async () => {
  resetLookupLimits();
  await s?.harness.stop();
  await s?.double.close();
  s = undefined;
});

async function start(): Promise<Setup> {
  const store = new AdminStore();
  seedDemoShop(store, SHOP, { now: Date.now(), orders: 0, customers: 2, seed: 11 });
  store.install(SHOP, { accessToken: TOKEN, scope: DEFAULT_SCOPES });
  const { harness, double, clock, settle } = await startAppWithDouble(
    store,
    { domain: SHOP, token: TOKEN, scope: DEFAULT_SCOPES, timezone: "Europe/Warsaw", name: "Zwroty", currency: "PLN" },
    { clock: new ManualClock(new Date("2026-11-02T09:00:00Z")) },
  );
  const customer = store.createCustomer(SHOP, { email: EMAIL, firstName: "Ola", lastName: "Nowak", locale: "pl" });
  await settle();
  return { store, clock, harness, double, customerId: customer.id, deps: returnDeps(harness.runtime), settle };
}

/** An order of two different products (two of the first), fulfilled and delivered now. */
async function deliveredOrder(x: Setup) {
  const data = x.store.shopData(SHOP);
  const variants = Object.values(data.variants).filter((v) => x.store.variantAvailable(v));
  const a = variants.find((v) => Object.values(data.variants).filter((o) => o.productId === v.productId).length > 1)!;
  const b = variants.find((v) => v.productId !== a.productId)!;
  const order = x.store.createOrder(SHOP, {
    customerId: x.customerId,
    lineItems: [
      { variantId: a.id, quantity: 2 },
      { variantId: b.id, quantity: 1 },
    ],
  });
  await x.settle();
  const fulfillment = x.store.fulfill(SHOP, order.id);
  await x.settle();
  x.store.markDelivered(SHOP, fulfillment.id, x.clock.now().toISOString());
  await x.settle();
  return { order, a, b };
}

async function tokenFor(x: Setup, orderName: string) {
  const r = await lookupGuestOrder(x.deps, SHOP, { orderName, email: EMAIL.toUpperCase(), ip: "203.0.113.9" });
  if (!r.ok) throw new Error(`lookup failed: ${r.error}`);
  return r.token;
}

async function shopifyReturn(x: Setup, id: string) {
  const row = await x.harness.runtime.db.returnCase.findFirstOrThrow({ where: { shop: SHOP, id } });
  return x.store.shopData(SHOP).returns[row.returnGid!];
}

async function returnEvents(x: Setup, type: string) {
  return x.harness.runtime.db.afterSalesEvent.findMany({ where: { shop: SHOP, type } });
}

describe("a guest's return", () => {
  it("goes requested → approved → in transit → received → credited (with the bonus) → closed, the status view right at every step", async () => {
    s = await start();
    const x = s;
    await saveReturnPolicy(x.harness.runtime.db, SHOP, {
      ...defaultReturnPolicy(),
      resolutions: {
        refund: { enabled: true },
        storeCredit: { enabled: true, bonusPercent: 10 },
        exchange: { enabled: true, bonusPercent: 0 },
      },
    });
    const { order } = await deliveredOrder(x);
    const token = await tokenFor(x, order.name.replace("#", ""));

    const portal = (await portalOrder(x.deps, SHOP, token, "pl"))!;
    expect(portal.orderName).toBe(order.name);
    const item = portal.items.find((i) => i.title === order.lineItems[0].title)!;
    expect(item).toMatchObject({ orderedQuantity: 2, returnableQuantity: 2, refusal: null });
    expect(portal.resolutions).toContainEqual({ resolution: "store_credit", bonusPercent: 10 });
    expect(portal.reasons.find((r) => r.code === "changed_mind")?.label).toBe("Zmiana decyzji");

    const draft = {
      items: [{ lineItemGid: item.lineItemGid, quantity: 1, reasonCode: "changed_mind", note: "Za ciasne" }],
      resolution: "store_credit" as const,
    };
    const quote = await quoteReturn(x.deps, SHOP, token, draft, "pl");
    expect(quote.errors).toEqual([]);
    expect(quote.amounts).toMatchObject({ itemsMinor: item.unitPriceMinor, bonusMinor: Math.round(item.unitPriceMinor / 10) });

    const submitted = await submitReturn(x.deps, SHOP, token, draft, [], "form-1", "pl");
    expect(submitted).toMatchObject({ ok: true, status: "requested", approval: "review" });
    if (!submitted.ok) return;
    // The same form sent again is the same return.
    expect(await submitReturn(x.deps, SHOP, token, draft, [], "form-1", "pl")).toEqual(submitted);
    await x.settle();
    expect((await shopifyReturn(x, submitted.returnId)).status).toBe("REQUESTED");

    const view = async () => (await returnStatus(x.deps, SHOP, token, submitted.returnId, "pl"))!;
    const done = async () => (await view()).steps.filter((st) => st.done).map((st) => st.status);
    expect((await view()).status).toBe("requested");
    expect(await done()).toEqual(["requested"]);
    expect((await listReturns(x.harness.runtime.db, SHOP, { status: "open" })).rows.map((r) => r.id)).toEqual([submitted.returnId]);

    expect(await approveReturn(x.deps, SHOP, submitted.returnId, "Merchant", { message: "Odeślij w oryginalnym pudełku" })).toEqual({
      ok: true,
    });
    await x.settle();
    expect((await shopifyReturn(x, submitted.returnId)).status).toBe("OPEN");
    expect(await done()).toEqual(["requested", "approved"]);

    expect(
      await addReturnLabel(x.deps, SHOP, submitted.returnId, "Merchant", {
        labelUrl: "https://labels.example/abc.pdf",
        trackingNumber: "RR123456789PL",
        trackingUrl: "https://track.example/RR123456789PL",
        carrier: "Poczta Polska",
      }),
    ).toEqual({ ok: true });
    expect((await view()).label).toEqual({
      url: "https://labels.example/abc.pdf",
      trackingNumber: "RR123456789PL",
      trackingUrl: "https://track.example/RR123456789PL",
      carrier: "Poczta Polska",
    });
    expect(await done()).toEqual(["requested", "approved", "in_transit"]);

    expect(await markReceived(x.deps, SHOP, submitted.returnId, "Merchant")).toEqual({ ok: true });
    expect((await view()).status).toBe("received");

    expect(await processReturn(x.deps, SHOP, submitted.returnId, "Merchant")).toEqual({ ok: true });
    await x.settle();
    const processed = await view();
    expect(processed.status).toBe("processed");
    expect(processed.storeCreditMinor).toBe(quote.amounts.totalMinor);
    // Shopify credited the customer the whole total, bonus included, in two transactions (refund + bonus).
    const account = Object.values(x.store.shopData(SHOP).storeCreditAccounts).find((acc) => acc.ownerId === x.customerId)!;
    expect(account.transactions).toHaveLength(2);
    expect(Math.round(Number(account.balance) * 100)).toBe(quote.amounts.totalMinor);
    expect(processed.amounts.totalMinor).toBe(quote.amounts.totalMinor);

    expect(await closeReturn(x.deps, SHOP, submitted.returnId, "Merchant")).toEqual({ ok: true });
    await x.settle();
    expect((await shopifyReturn(x, submitted.returnId)).status).toBe("CLOSED");
    expect(await done()).toEqual(["requested", "approved", "in_transit", "received", "processed", "closed"]);

    // One event per step, whether the app or Shopify's webhook recorded it first.
    for (const type of [
      "return.requested",
      "return.approved",
      "return.label_added",
      "return.received",
      "return.processed",
      "return.closed",
    ])
      expect(await returnEvents(x, type), type).toHaveLength(1);
    const detail = (await returnDetail(x.harness.runtime.db, SHOP, submitted.returnId, "en"))!;
    expect(detail.allowedActions).toEqual([]);
    expect(detail.items[0]).toMatchObject({ quantity: 1, reason: "Changed my mind", note: "Za ciasne" });
    expect(detail.events.map((e) => e.type)).toEqual(expect.arrayContaining(["return.approved", "return.processed"]));

    const analytics = await returnAnalytics(x.harness.runtime.db, SHOP, 30, x.clock.now());
    expect(analytics).toMatchObject({ orders: 1, returns: 1, returnRate: 1, retainedRevenueRatio: 1 });
    expect(analytics.resolutionShare.store_credit).toBe(1);
  });

  it("an exchange the policy approves at once goes to Shopify as an open return with the new variant, and is processed", async () => {
    s = await start();
    const x = s;
    await saveReturnPolicy(x.harness.runtime.db, SHOP, {
      ...defaultReturnPolicy(),
      autoApproval: { enabled: true, maxValueMinor: null, reasonCodes: [], requireUnflaggedCustomer: false },
    });
    const { order } = await deliveredOrder(x);
    const token = await tokenFor(x, order.name);
    const portal = (await portalOrder(x.deps, SHOP, token, "en"))!;
    const item = portal.items.find((i) => i.exchangeVariants.some((v) => v.available))!;
    const variant = item.exchangeVariants.find((v) => v.available)!;
    const r = await submitReturn(
      x.deps,
      SHOP,
      token,
      {
        items: [{ lineItemGid: item.lineItemGid, quantity: 1, reasonCode: "too_small", exchangeVariantGid: variant.variantGid }],
        resolution: "exchange",
      },
      [],
      "form-x",
    );
    expect(r).toMatchObject({ ok: true, status: "approved", approval: "auto" });
    if (!r.ok) return;
    await x.settle();
    const shopify = await shopifyReturn(x, r.returnId);
    expect(shopify.status).toBe("OPEN");
    expect((await returnStatus(x.deps, SHOP, token, r.returnId, "en"))!.items[0].exchangeFor).toBe(variant.title);
    expect(await processReturn(x.deps, SHOP, r.returnId, null)).toEqual({ ok: true });
    expect((await returnStatus(x.deps, SHOP, token, r.returnId, "en"))!.status).toBe("processed");
    expect(await returnEvents(x, "return.approved")).toHaveLength(1);
  });
});

describe("an exchange the merchant decides", () => {
  it("waits here until approved, then goes to Shopify as an open return with the new variant", async () => {
    s = await start();
    const x = s;
    const { order } = await deliveredOrder(x);
    const token = await tokenFor(x, order.name);
    const item = (await portalOrder(x.deps, SHOP, token, "en"))!.items.find((i) => i.exchangeVariants.some((v) => v.available))!;
    const variant = item.exchangeVariants.find((v) => v.available)!;
    const r = await submitReturn(
      x.deps,
      SHOP,
      token,
      {
        items: [{ lineItemGid: item.lineItemGid, quantity: 1, reasonCode: "too_large", exchangeVariantGid: variant.variantGid }],
        resolution: "exchange",
      },
      [],
      "form-xr",
    );
    expect(r).toMatchObject({ ok: true, status: "requested", approval: "review" });
    if (!r.ok) return;
    await x.settle();
    const db = x.harness.runtime.db;
    expect((await db.returnCase.findUniqueOrThrow({ where: { id: r.returnId } })).returnGid).toBeNull();
    expect(Object.keys(x.store.shopData(SHOP).returns)).toEqual([]);

    expect(await approveReturn(x.deps, SHOP, r.returnId, "Merchant", { message: "We'll send the smaller one" })).toEqual({ ok: true });
    await x.settle();
    const shopify = await shopifyReturn(x, r.returnId);
    expect(shopify.status).toBe("OPEN");
    expect((await returnStatus(x.deps, SHOP, token, r.returnId, "en"))!).toMatchObject({ status: "approved", name: shopify.name });
    expect(await returnEvents(x, "return.approved")).toHaveLength(1);
    expect(await processReturn(x.deps, SHOP, r.returnId, "Merchant")).toEqual({ ok: true });
    expect((await returnStatus(x.deps, SHOP, token, r.returnId, "en"))!.status).toBe("processed");
  });
});

describe("refusals and declines", () => {
  it("refuses an item out of its window and a final-sale item with clear messages", async () => {
    s = await start();
    const x = s;
    const { order, b } = await deliveredOrder(x);
    const product = x.store.shopData(SHOP).products[b.productId];
    await saveReturnPolicy(x.harness.runtime.db, SHOP, {
      ...defaultReturnPolicy(),
      windowDays: 14,
      rules: [{ id: "fs", target: "product", value: product.id, finalSale: true }],
    });
    const token = await tokenFor(x, order.name);
    const portal = (await portalOrder(x.deps, SHOP, token, "en"))!;
    const finalSale = portal.items.find((i) => i.title === product.title)!;
    expect(finalSale.refusal).toBe("final_sale");
    const r = await submitReturn(
      x.deps,
      SHOP,
      token,
      { items: [{ lineItemGid: finalSale.lineItemGid, quantity: 1, reasonCode: "changed_mind" }], resolution: "refund" },
      [],
      "form-fs",
    );
    expect(r).toEqual({
      ok: false,
      errors: [
        expect.objectContaining({
          lineItemGid: finalSale.lineItemGid,
          code: "final_sale",
          message: "This item was a final sale and cannot be returned.",
        }),
      ],
    });

    x.clock.set(new Date(x.clock.now().getTime() + 20 * DAY));
    const later = await tokenFor(x, order.name);
    const other = (await portalOrder(x.deps, SHOP, later, "pl"))!.items.find((i) => i.lineItemGid !== finalSale.lineItemGid)!;
    expect(other.refusal).toBe("out_of_window");
    const q = await quoteReturn(
      x.deps,
      SHOP,
      later,
      { items: [{ lineItemGid: other.lineItemGid, quantity: 1, reasonCode: "other" }], resolution: "refund" },
      "pl",
    );
    expect(q.errors.map((e) => [e.code, e.message])).toEqual([["out_of_window", "Termin zwrotu tego produktu minął."]]);
    expect(await x.harness.runtime.db.returnCase.count()).toBe(0);
  });

  it("a declined request tells the shopper why; duplicate webhooks change nothing", async () => {
    s = await start();
    const x = s;
    const { order } = await deliveredOrder(x);
    const token = await tokenFor(x, order.name);
    const item = (await portalOrder(x.deps, SHOP, token, "en"))!.items[0];
    const sent: { shop: string; topic: string; payload: unknown }[] = [];
    x.store.on("change", (c: { shop: string; topic: string; payload: unknown }) => {
      if (c.topic.startsWith("returns/")) sent.push(c);
    });
    const r = await submitReturn(
      x.deps,
      SHOP,
      token,
      { items: [{ lineItemGid: item.lineItemGid, quantity: 1, reasonCode: "style" }], resolution: "refund" },
      [],
      "form-d",
    );
    if (!r.ok) throw new Error("not submitted");
    await x.settle();
    expect(
      await declineReturn(x.deps, SHOP, r.returnId, "Merchant", { reason: "OTHER", message: "Worn items cannot be returned" }),
    ).toEqual({ ok: true });
    await x.settle();
    const view = (await returnStatus(x.deps, SHOP, token, r.returnId, "en"))!;
    expect(view).toMatchObject({ status: "declined", declineMessage: "Worn items cannot be returned" });
    expect(view.steps.map((st) => st.status)).toEqual(["requested", "declined"]);
    expect((await shopifyReturn(x, r.returnId)).status).toBe("DECLINED");

    // Shopify delivers the same webhooks again (and an older one late): nothing moves, nothing is added.
    const before = await x.harness.runtime.db.afterSalesEvent.count();
    expect(sent.map((w) => w.topic)).toEqual(["returns/request", "returns/decline"]);
    for (const w of [...sent, ...[...sent].reverse()]) await x.double.sender.deliver(w.shop, w.topic, w.payload);
    await x.settle();
    expect(await x.harness.runtime.db.afterSalesEvent.count()).toBe(before);
    expect((await returnStatus(x.deps, SHOP, token, r.returnId, "en"))!.status).toBe("declined");
  });

  it("two merchants approving and declining at once end in one consistent state", async () => {
    s = await start();
    const x = s;
    const { order } = await deliveredOrder(x);
    const token = await tokenFor(x, order.name);
    const item = (await portalOrder(x.deps, SHOP, token, "en"))!.items[0];
    const r = await submitReturn(
      x.deps,
      SHOP,
      token,
      { items: [{ lineItemGid: item.lineItemGid, quantity: 1, reasonCode: "style" }], resolution: "refund" },
      [],
      "form-race",
    );
    if (!r.ok) throw new Error("not submitted");
    const [approve, decline] = await Promise.all([
      approveReturn(x.deps, SHOP, r.returnId, "Anna", {}),
      declineReturn(x.deps, SHOP, r.returnId, "Bartek", { reason: "OTHER", message: "No" }),
    ]);
    expect([approve.ok, decline.ok].filter(Boolean)).toHaveLength(1);
    const loser = approve.ok ? decline : approve;
    expect(loser).toMatchObject({ ok: false, error: "unchanged" });
    await x.settle();
    const status = (await returnStatus(x.deps, SHOP, token, r.returnId, "en"))!.status;
    expect((await shopifyReturn(x, r.returnId)).status).toBe(status === "approved" ? "OPEN" : "DECLINED");
    expect((await returnEvents(x, "return.approved")).length + (await returnEvents(x, "return.declined")).length).toBe(1);
  });
});

describe("a return made in Shopify's admin", () => {
  it("gets a case from its webhook, which then follows Shopify's approval and closing", async () => {
    s = await start();
    const x = s;
    const { order } = await deliveredOrder(x);
    const fli = x.store.fulfillmentsOf(SHOP, order.id)[0].lineItems[0];
    const made = x.store.requestReturn(SHOP, order.id, [
      { fulfillmentLineItemId: fli.id, quantity: 1, returnReason: "DEFECTIVE", customerNote: "Cracked" },
    ]);
    await x.settle();
    const db = x.harness.runtime.db;
    const c = await db.returnCase.findFirstOrThrow({ where: { shop: SHOP, returnGid: made.id }, include: { items: true } });
    expect(c).toMatchObject({ source: "shopify", status: "requested", orderGid: order.id });
    expect(c.items).toMatchObject([{ lineItemGid: fli.lineItemId, quantity: 1, reasonCode: "defective", note: "Cracked" }]);
    x.store.approveReturn(SHOP, made.id);
    await x.settle();
    x.store.closeReturn(SHOP, made.id);
    await x.settle();
    const row = await db.returnCase.findUniqueOrThrow({ where: { id: c.id } });
    expect(row.status).toBe("closed");
    expect(await returnEvents(x, "return.approved")).toHaveLength(1);
    expect(await returnEvents(x, "return.closed")).toHaveLength(1);
  });
});

describe("the guest lookup", () => {
  it("answers an unknown order and a wrong email the same way", async () => {
    s = await start();
    const x = s;
    const { order } = await deliveredOrder(x);
    // Each answer takes at least the floor, found or not, so its time says nothing about what was found
    // (a lower bound the floor guarantees, not a speed target).
    const timed = async (input: { orderName: string; email: string; ip: string }) => {
      const started = performance.now();
      const result = await lookupGuestOrder(x.deps, SHOP, input);
      return { result, ms: performance.now() - started };
    };
    const unknown = await timed({ orderName: "#999999", email: EMAIL, ip: "198.51.100.1" });
    const wrong = await timed({ orderName: order.name, email: "someone@example.com", ip: "198.51.100.2" });
    expect(unknown.result).toEqual({ ok: false, error: "not_found" });
    expect(wrong.result).toEqual(unknown.result);
    const right = await timed({ orderName: ` ${order.name} `, email: ` ${EMAIL} `, ip: "198.51.100.3" });
    expect(right.result.ok).toBe(true);
    for (const answer of [unknown, wrong, right]) expect(answer.ms).toBeGreaterThanOrEqual(LOOKUP_FLOOR_MS - 1);
  });

  it("is rate-limited per order, whatever the IP", async () => {
    s = await start();
    const x = s;
    const { order } = await deliveredOrder(x);
    const answers = [];
    for (let i = 0; i < 6; i++)
      answers.push(await lookupGuestOrder(x.deps, SHOP, { orderName: order.name, email: `guess${i}@example.com`, ip: `192.0.2.${i}` }));
    expect(answers.slice(0, 5).every((a) => !a.ok && a.error === "not_found")).toBe(true);
    expect(answers[5]).toMatchObject({ ok: false, error: "rate_limited" });
    expect(await loadReturnPolicy(x.harness.runtime.db, SHOP)).toEqual(defaultReturnPolicy());
  });

  it("gives a signed-in customer their orders, each with a token that opens it", async () => {
    s = await start();
    const x = s;
    const { order } = await deliveredOrder(x);
    const orders = await customerReturnOrders(x.deps, SHOP, x.customerId);
    expect(orders.map((o) => o.name)).toEqual([order.name]);
    expect((await portalOrder(x.deps, SHOP, orders[0].token, "en"))!.orderName).toBe(order.name);
    expect(await customerReturnOrders(x.deps, SHOP, "gid://shopify/Customer/1")).toEqual([]);
  });
});
