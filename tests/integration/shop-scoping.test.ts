// Tenant isolation and the merchant's overview: what one shop sees never includes another's data,
// and a retry only reaches the shop's own failed work.
import { afterEach, describe, expect, it } from "vitest";
import { loadOverview, replayDelivery } from "~/operations/overview.server";
import { recentOrdersForCustomer } from "~/orders/customer-orders.server";
import { startHarness, type Harness } from "../support/app-harness";
import { fulfillmentPayload, orderPayload } from "../support/payloads";

const ANNA = "anna-ceramics.myshopify.com";
const BOB = "bob-bikes.myshopify.com";
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe("shop scoping", () => {
  it("shows each shop only its own webhooks and failures, and retries only its own", async () => {
    h = await startHarness();
    await h.sendWebhook("orders/create", ANNA, orderPayload());
    await h.sendWebhook("customers/update", ANNA, { admin_graphql_api_id: "gid://shopify/Customer/1", updated_at: new Date().toISOString(), email: "a@example.com" });
    const bobBroken = await h.sendWebhook("orders/create", BOB, { id: 1 });
    await h.drain();

    const anna = await loadOverview(h.runtime.db, h.runtime.jobs, ANNA);
    expect(anna.topics).toEqual([
      { topic: "customers/update", waiting: 0, processed: 1, failed: 0, skipped: 0, total: 1 },
      { topic: "orders/create", waiting: 0, processed: 1, failed: 0, skipped: 0, total: 1 },
    ]);
    expect(anna.problems).toEqual([]);

    const bob = await loadOverview(h.runtime.db, h.runtime.jobs, BOB);
    expect(bob.topics).toEqual([{ topic: "orders/create", waiting: 0, processed: 0, failed: 1, skipped: 0, total: 1 }]);
    expect(bob.problems).toHaveLength(1);
    expect(bob.problems[0]).toMatchObject({ kind: "webhook", label: "orders/create" });

    const bobDelivery = await h.runtime.db.webhookDelivery.findFirstOrThrow({ where: { webhookId: bobBroken.webhookId } });
    expect(await replayDelivery(h.runtime.db, h.runtime.jobs, ANNA, bobDelivery.webhookId)).toBe(false);
    expect(await replayDelivery(h.runtime.db, h.runtime.jobs, BOB, bobDelivery.webhookId)).toBe(true);
    expect((await h.runtime.db.webhookDelivery.findUniqueOrThrow({ where: { webhookId: bobDelivery.webhookId } })).status).toMatch(/queued|failed/);
  });

  it("lists a shopper's orders for their shop only, newest first, with shipments", async () => {
    h = await startHarness();
    const older = orderPayload({ processed_at: "2026-10-01T10:00:00Z", created_at: "2026-10-01T10:00:00Z", updated_at: "2026-10-01T10:00:00Z" });
    const newer = orderPayload({ processed_at: "2026-11-01T10:00:00Z", created_at: "2026-11-01T10:00:00Z", updated_at: "2026-11-01T10:00:00Z" });
    const sameCustomerOtherShop = orderPayload();
    await h.sendWebhook("orders/create", ANNA, older);
    await h.sendWebhook("orders/create", ANNA, newer);
    await h.sendWebhook("fulfillments/create", ANNA, fulfillmentPayload(String(newer.id)));
    await h.sendWebhook("orders/create", BOB, sameCustomerOtherShop);
    await h.drain();

    const orders = await recentOrdersForCustomer(h.runtime.db, ANNA, "gid://shopify/Customer/7001", 5);
    expect(orders.map((o) => o.name)).toEqual([newer.name, older.name]);
    expect(orders[0].shipments).toEqual([
      expect.objectContaining({ trackingCompany: "InPost", trackingNumbers: ["620000000000000000000001"] }),
    ]);
    expect(orders[0].lines).toEqual([{ title: "Linen apron", variantTitle: "Olive", quantity: 2 }]);
    expect(await recentOrdersForCustomer(h.runtime.db, ANNA, "gid://shopify/Customer/9999", 5)).toEqual([]);
  });
});
