import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AdminStore, seedDemoShop } from "../../support/shopify/admin";
import { runScenario } from "./scenario";
import { SHOP } from "./factories";

describe("Admin double store", () => {
  it("emits a change event with a Shopify topic for every mutation", () => {
    const { events } = runScenario();
    expect(events.map((e) => e.topic)).toEqual([
      "customers/update",
      "customers_email_marketing_consent/update",
      "customers/create",
      "customers_email_marketing_consent/update",
      "orders/create",
      "orders/paid",
      "fulfillments/create",
      "orders/updated",
      "fulfillment_events/create",
      "fulfillments/update",
      "fulfillment_events/create",
      "fulfillments/update",
      "refunds/create",
      "orders/updated",
      "returns/request",
      "returns/approve",
      "returns/request",
      "returns/decline",
      "refunds/create",
      "orders/updated",
      "orders/cancelled",
      "orders/updated",
      "app/uninstalled",
    ]);
    expect(new Set(events.map((e) => e.shop))).toEqual(new Set([SHOP]));
  });

  it("writes exact 64-bit ids into webhook bodies", () => {
    const { last, events, order } = runScenario();
    const created = last("orders/paid")!;
    const numeric = created.payload.admin_graphql_api_id as string;
    const id = numeric.split("/").pop()!;
    expect(BigInt(id)).toBeGreaterThan(BigInt(Number.MAX_SAFE_INTEGER));
    expect(created.body).toContain(`"id":${id},`);
    const firstRefund = events.find((e) => e.topic === "refunds/create")!;
    expect(firstRefund.body).toContain(`"order_id":${order.id.split("/").pop()},`);
    expect(JSON.parse(last("orders/cancelled")!.body).financial_status).toBe("refunded");
  });

  it("tracks delivery, refunds and the discount code used at checkout", () => {
    const { store, order, second, fulfillment } = runScenario();
    expect(store.fulfillment(SHOP, fulfillment.id)).toMatchObject({ shipmentStatus: "delivered", deliveredAt: expect.any(String) });
    expect(store.order(SHOP, order.id).financialStatus).toBe("partially_refunded");
    expect(store.order(SHOP, second.id)).toMatchObject({ financialStatus: "refunded", cancelReason: "customer", discountAmount: "24.90" });
    expect(store.findDiscountByCode(SHOP, "welcome10")!.usageCount).toBe(1);
    expect(store.findInstallation("shpat_test_token")).toBeNull();
  });

  it("saves to and loads from a JSON file", () => {
    const { store } = runScenario();
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "admin-double-")), "store.json");
    store.save(file);
    const reloaded = new AdminStore();
    expect(reloaded.load(file)).toBe(true);
    expect(reloaded.snapshot()).toEqual(store.snapshot());
    expect(reloaded.nextNumericId()).toBe(store.nextNumericId());
    expect(new AdminStore().load(path.join(path.dirname(file), "missing.json"))).toBe(false);
  });

  it("seeds a deterministic demo shop quickly", () => {
    const now = Date.parse("2026-03-01T10:00:00Z");
    const started = performance.now();
    const a = new AdminStore({ clock: () => now });
    const summary = seedDemoShop(a, "demo.myshopify.com", { now, seed: 7 });
    expect(performance.now() - started).toBeLessThan(2000);
    const b = new AdminStore({ clock: () => now });
    seedDemoShop(b, "demo.myshopify.com", { now, seed: 7 });
    const strip = (s: ReturnType<AdminStore["snapshot"]>) => JSON.stringify(s, (k, v) => (k === "token" ? undefined : v));
    expect(strip(a.snapshot())).toBe(strip(b.snapshot()));

    expect(summary).toMatchObject({ products: 20, customers: 200, orders: 1000 });
    expect(summary.fulfilled).toBeGreaterThan(700);
    expect(summary.delivered).toBeGreaterThan(500);
    expect(summary.refunded + summary.cancelled).toBeGreaterThan(10);
    const data = a.shopData("demo.myshopify.com");
    const customers = Object.values(data.customers);
    const subscribed = customers.filter((c) => c.marketingState === "SUBSCRIBED").length / customers.length;
    expect(subscribed).toBeGreaterThan(0.5);
    expect(subscribed).toBeLessThan(0.7);
    expect(new Set(customers.map((c) => c.locale))).toEqual(new Set(["pl", "en"]));
    const orders = Object.values(data.orders);
    expect(orders.every((o) => o.currency === "PLN")).toBe(true);
    const oldest = Math.min(...orders.map((o) => Date.parse(o.createdAt)));
    expect(now - oldest).toBeGreaterThan(300 * 86_400_000);
  });
});
