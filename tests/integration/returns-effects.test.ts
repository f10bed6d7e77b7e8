// What a return does beyond itself: the pending review and cross-sell emails of the returned items
// lose those items (other items' emails stay), and the return's personal data is in the customer's
// export and goes with a redaction while the shop's figures keep the return.
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "~/platform/clock";
import { buildExport } from "~/privacy/export.server";
import { redactCustomer, type RedactionCounts } from "~/privacy/redact.server";
import { approveReturn } from "~/returns/actions.server";
import { listReturns, returnDetail, returnPhoto } from "~/returns/admin.server";
import { returnDeps } from "~/returns/deps.server";
import { lookupGuestOrder, resetLookupLimits } from "~/returns/lookup.server";
import { portalOrder, submitReturn } from "~/returns/portal.server";
import { startHarness, type Harness } from "../support/app-harness";
import { startAppWithDouble } from "../support/app-with-double";
import type { ShopifyDouble } from "../support/shopify";
import { AdminStore, seedDemoShop } from "../support/shopify/admin";
import { DEFAULT_SCOPES } from "../support/shopify/admin/http";
import { waitForValue } from "../support/wait";

const SHOP = "zwroty-efekty.myshopify.com";
const TOKEN = "shpat_returns_effects";
const EMAIL = "jan.kowal@example.pl";
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  resetLookupLimits();
  await stop?.();
  stop = undefined;
});

describe("a return and the order's pending emails", () => {
  it("takes the returned item out of the pending review and marketing emails and keeps the others", async () => {
    const store = new AdminStore();
    seedDemoShop(store, SHOP, { now: Date.now(), orders: 0, customers: 2, seed: 5 });
    store.install(SHOP, { accessToken: TOKEN, scope: DEFAULT_SCOPES });
    const app = await startAppWithDouble(
      store,
      { domain: SHOP, token: TOKEN, scope: DEFAULT_SCOPES, timezone: "Europe/Warsaw", name: "Efekty", currency: "PLN" },
      { clock: new ManualClock(new Date("2026-11-02T09:00:00Z")) },
    );
    const double: ShopifyDouble = app.double;
    stop = async () => {
      await app.harness.stop();
      await double.close();
    };
    const db = app.harness.runtime.db;
    const customer = store.createCustomer(SHOP, {
      email: EMAIL,
      firstName: "Jan",
      lastName: "Kowal",
      locale: "pl",
      marketingState: "SUBSCRIBED",
    });
    await app.settle();
    const data = store.shopData(SHOP);
    const variants = Object.values(data.variants).filter((v) => store.variantAvailable(v));
    const [a, b] = [variants[0], variants.find((v) => v.productId !== variants[0].productId)!];
    const order = store.createOrder(SHOP, {
      customerId: customer.id,
      lineItems: [
        { variantId: a.id, quantity: 1 },
        { variantId: b.id, quantity: 1 },
      ],
    });
    await app.settle();
    const fulfillment = store.fulfill(SHOP, order.id);
    await app.settle();
    store.markDelivered(SHOP, fulfillment.id, app.clock.now().toISOString());
    await app.settle();
    const [lineA, lineB] = order.lineItems.map((l) => l.id);
    const pending = () =>
      db.message.findMany({
        where: { shop: SHOP, orderGid: order.id, category: "marketing" },
        select: { flow: true, status: true, items: true, reason: true },
      });
    const before = await waitForValue(async () => {
      const rows = await pending();
      return rows.some((m) => m.flow === "review_request") ? rows : null;
    });
    expect(before.every((m) => JSON.parse(m.items).includes(lineA) && JSON.parse(m.items).includes(lineB))).toBe(true);

    const deps = returnDeps(app.harness.runtime);
    const lookup = await lookupGuestOrder(deps, SHOP, { orderName: order.name, email: EMAIL, ip: "203.0.113.5" });
    if (!lookup.ok) throw new Error("lookup failed");
    const item = (await portalOrder(deps, SHOP, lookup.token, "pl"))!.items.find((i) => i.lineItemGid === lineA)!;
    const r = await submitReturn(
      deps,
      SHOP,
      lookup.token,
      { items: [{ lineItemGid: item.lineItemGid, quantity: 1, reasonCode: "defective" }], resolution: "refund" },
      [{ lineItemGid: item.lineItemGid, bytes: PNG, filename: "scratch.png" }],
      "effects-1",
      "pl",
    );
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    await app.settle();
    expect(await approveReturn(deps, SHOP, r.returnId, "Merchant")).toEqual({ ok: true });
    await app.settle();

    // The merchant sees the photo the shopper sent, served with its real type, and finds the return by reason or name.
    const detail = (await returnDetail(db, SHOP, r.returnId, "pl"))!;
    expect(detail.items[0]).toMatchObject({ lineItemGid: lineA, reason: "Uszkodzony lub wadliwy" });
    expect(detail.items[0].photoIds).toHaveLength(1);
    expect(await returnPhoto(db, SHOP, detail.items[0].photoIds[0])).toEqual({ bytes: PNG, contentType: "image/png" });
    expect(await returnPhoto(db, "another-shop.myshopify.com", detail.items[0].photoIds[0])).toBeNull();
    expect((await listReturns(db, SHOP, { reason: "defective" })).rows.map((row) => row.id)).toEqual([r.returnId]);
    expect((await listReturns(db, SHOP, { reason: "style" })).rows).toEqual([]);
    expect((await listReturns(db, SHOP, { q: order.name })).counts).toMatchObject({ all: 1, open: 1, approved: 1 });

    const after = await pending();
    expect(after.length).toBe(before.length);
    for (const m of after) {
      expect(m.status, m.flow).not.toBe("cancelled");
      expect(JSON.parse(m.items), m.flow).toEqual([lineB]);
    }
  });
});

describe("a return's personal data", () => {
  it("is in the customer's export and goes with a redaction, the return itself staying in the figures", async () => {
    const h: Harness = await startHarness();
    stop = () => h.stop();
    const db = h.runtime.db;
    const now = h.runtime.clock.now();
    const customerGid = "gid://shopify/Customer/7001";
    const c = await db.returnCase.create({
      data: {
        id: "case-privacy-1",
        shop: SHOP,
        orderGid: "gid://shopify/Order/555",
        orderName: "#1555",
        customerGid,
        returnGid: "gid://shopify/Return/555",
        name: "#1555-R1",
        status: "in_transit",
        resolution: "refund",
        currency: "PLN",
        itemsMinor: 12900,
        totalMinor: 12900,
        email: EMAIL,
        customerName: "Jan Kowal",
        customerNote: "Mieszkam przy ul. Długiej 5",
        labelUrl: "https://labels.example/jan.pdf",
        trackingNumber: "RR1PL",
        requestedAt: now,
        items: {
          create: {
            id: "item-privacy-1",
            shop: SHOP,
            lineItemGid: "gid://shopify/LineItem/1",
            title: "Kubek",
            quantity: 1,
            unitPriceMinor: 12900,
            reasonCode: "defective",
            shopifyReason: "DEFECTIVE",
            note: "Pęknięty",
            photos: { create: { shop: SHOP, contentType: "image/png", size: PNG.length, data: Buffer.from(PNG) } },
          },
        },
      },
    });
    const payload = JSON.stringify({ shop_domain: SHOP, customer: { id: 7001, email: EMAIL }, orders_requested: [] });
    const exported = JSON.parse(await buildExport(db, { shop: SHOP, webhookId: "w-export", receivedAt: now, payload }, now));
    const text = JSON.stringify(exported);
    for (const personal of [
      "Mieszkam przy ul. Długiej 5",
      "Pęknięty",
      "RR1PL",
      "https://labels.example/jan.pdf",
      Buffer.from(PNG).toString("base64"),
    ])
      expect(text).toContain(personal);

    const subject = { shop: SHOP, customerId: "7001", customerGid, emails: [EMAIL], phones: [], orderGids: [] };
    const ctx = { db, jobs: h.runtime.jobs, now, request: { id: "r1", webhookId: "w1" } };
    const counts: RedactionCounts = {};
    await redactCustomer(ctx, subject, counts);
    expect(counts).toMatchObject({ ReturnCase: 1, ReturnItem: 1, ReturnPhoto: 1 });
    expect(await db.returnCase.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({
      customerGid: null,
      email: null,
      customerName: null,
      customerNote: null,
      labelUrl: null,
      trackingNumber: null,
      status: "in_transit",
      totalMinor: 12900,
    });
    expect(await db.returnItem.findUniqueOrThrow({ where: { id: "item-privacy-1" } })).toMatchObject({
      note: null,
      reasonCode: "defective",
    });
    expect(await db.returnPhoto.count({ where: { shop: SHOP } })).toBe(0);
  });
});
