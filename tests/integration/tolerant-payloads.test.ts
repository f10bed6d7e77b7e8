// Real deliveries carry null where the documented samples show values (test notifications, POS
// orders without email, deleted customers, refunds without created_at). For every subscribed topic,
// the double's sample with any one field null, or missing, is processed — never retried or dead —
// and projects what it can; without the resource's id it is skipped, with a reason.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../support/app-harness";
import { doubleSamples, exercise, SHOP } from "../support/tolerance";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ envVars: { JOB_CONCURRENCY: "8" } });
}, 60_000);
afterAll(() => h.stop(), 60_000);

describe("tolerant payloads", () => {
  it("processes the sample of every topic with any one field null or missing, and projects what it can", async () => {
    const { sent, wrong } = await exercise(h, doubleSamples());
    expect(wrong).toEqual([]);
    expect(sent).toBeGreaterThan(500);
    expect(await h.runtime.db.order.count({ where: { shop: SHOP } })).toBeGreaterThan(0);
    expect(await h.runtime.db.orderLine.count({ where: { shop: SHOP } })).toBeGreaterThan(0);
    expect(await h.runtime.db.customer.count({ where: { shop: SHOP } })).toBeGreaterThan(0);
    expect(await h.runtime.db.fulfillment.count({ where: { shop: SHOP } })).toBeGreaterThan(0);
    const kinds = new Set(
      (await h.runtime.db.afterSalesEvent.findMany({ where: { shop: SHOP }, select: { type: true } })).map((e) => e.type),
    );
    const expected = [
      "order.placed",
      "order.paid",
      "order.cancelled",
      "order.fulfilled",
      "order.tracking_updated",
      "order.delivered",
      "order.refunded",
      "customer.created",
      "return.requested",
      "return.approved",
      "return.declined",
    ];
    expect(expected.filter((k) => !kinds.has(k))).toEqual([]);
  }, 120_000);

  it("skips a delivery without the resource's id, with a reason, after one attempt", async () => {
    const res = await h.sendWebhook("orders/updated", SHOP, { name: "#1001", total_price: "10.00", updated_at: "2026-11-01T10:00:00Z" });
    await h.drain();
    const d = await h.runtime.db.webhookDelivery.findUniqueOrThrow({ where: { webhookId: res.webhookId } });
    expect(d).toMatchObject({
      status: "skipped",
      attempts: 1,
      lastError: "orders/updated payload has no Order id (admin_graphql_api_id or id)",
    });
  });

  it("uses the documented fallbacks: a refund without processed_at or created_at happened when it arrived", async () => {
    const before = Date.now();
    await h.sendWebhook("refunds/create", SHOP, {
      id: 509562969,
      admin_graphql_api_id: "gid://shopify/Refund/509562969",
      order_id: "820982911946154508",
      created_at: null,
      processed_at: null,
      transactions: [{ amount: "41.94", currency: null, kind: "refund", status: "success" }],
    });
    await h.drain();
    const event = await h.runtime.db.afterSalesEvent.findFirstOrThrow({
      where: { shop: SHOP, key: "gid://shopify/Refund/509562969:created" },
    });
    expect(event.occurredAt.getTime()).toBeGreaterThanOrEqual(before - 1_000);
    expect(event.occurredAt.getTime()).toBeLessThanOrEqual(Date.now());
    expect(JSON.parse(event.detail)).toMatchObject({ amountMinor: 4194 });
  });
});
