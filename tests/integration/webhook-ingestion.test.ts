// The webhook path end to end on the real database and job layer: signature, inbox, dedupe,
// processing into the order projection and timeline, retries and dead letters, restarts.
import { afterEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../support/app-harness";
import { fulfillmentPayload, orderPayload } from "../support/payloads";

const SHOP = "anna-ceramics.myshopify.com";
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe("webhook ingestion", () => {
  it("answers 200 to a signed webhook, stores it once, and processes it into the order projection", async () => {
    h = await startHarness();
    const order = orderPayload();
    const res = await h.sendWebhook("orders/create", SHOP, order);
    expect(res.status).toBe(200);
    await h.drain();
    const stored = await h.runtime.db.order.findUnique({
      where: { shop_orderGid: { shop: SHOP, orderGid: order.admin_graphql_api_id } },
    });
    expect(stored).toMatchObject({ name: order.name, currency: "PLN", totalMinor: 24990, financialStatus: "paid" });
    const lines = await h.runtime.db.orderLine.findMany({ where: { shop: SHOP } });
    expect(lines).toEqual([expect.objectContaining({ title: "Linen apron", quantity: 2, priceMinor: 12495 })]);
    const delivery = await h.runtime.db.webhookDelivery.findFirstOrThrow({ where: { webhookId: res.webhookId } });
    expect(delivery.status).toBe("processed");
  });

  it("rejects a bad signature with 401 and stores nothing", async () => {
    h = await startHarness();
    const res = await h.sendWebhook("orders/create", SHOP, orderPayload(), { secret: "not-the-secret" });
    expect(res.status).toBe(401);
    expect(await h.runtime.db.webhookDelivery.count()).toBe(0);
  });

  it("answers 400 with a message for a signed request missing Shopify's headers or with a bad shop", async () => {
    h = await startHarness();
    const res = await h.sendWebhook("orders/create", "not a shop", orderPayload());
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/Invalid X-Shopify-Shop-Domain header/);
    expect(await h.runtime.db.webhookDelivery.count()).toBe(0);
  });

  it("acknowledges a duplicate delivery with 200 without processing it again", async () => {
    h = await startHarness();
    const order = orderPayload();
    const first = await h.sendWebhook("orders/create", SHOP, order);
    const again = await Promise.all([1, 2, 3].map(() => h!.sendWebhook("orders/create", SHOP, order, { webhookId: first.webhookId })));
    expect(again.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(again.map((r) => r.text)).toEqual(["duplicate", "duplicate", "duplicate"]);
    await h.drain();
    expect(await h.runtime.db.webhookDelivery.count()).toBe(1);
    expect(await h.runtime.db.afterSalesEvent.count({ where: { type: "order.placed" } })).toBe(1);
  });

  it("stores a burst of concurrent deliveries once each, answering ok to one copy of each and duplicate to the other", async () => {
    h = await startHarness();
    // More than one group's worth at once, every id sent twice, so copies of one id share a group
    // or land in groups written side by side.
    const orders = Array.from({ length: 200 }, () => orderPayload());
    const ids = orders.map((_, i) => `burst-${i}-${Date.now()}`);
    const answers = await Promise.all(
      [...orders, ...orders].map((order, i) => h!.sendWebhook("orders/create", SHOP, order, { webhookId: ids[i % orders.length] })),
    );
    expect(answers.every((r) => r.status === 200)).toBe(true);
    for (const [i, id] of ids.entries()) {
      const texts = [answers[i].text, answers[i + orders.length].text].sort();
      expect(texts, id).toEqual(["duplicate", "ok"]);
    }
    await h.drain();
    expect(await h.runtime.db.webhookDelivery.count({ where: { status: "processed" } })).toBe(orders.length);
    expect(await h.runtime.db.order.count({ where: { shop: SHOP } })).toBe(orders.length);
  });

  it("keeps the newest order state when updates arrive out of order", async () => {
    h = await startHarness();
    const order = orderPayload();
    const newer = { ...order, financial_status: "refunded", updated_at: new Date(Date.now() + 60_000).toISOString() };
    await h.sendWebhook("orders/updated", SHOP, newer);
    await h.drain();
    await h.sendWebhook("orders/create", SHOP, order);
    await h.drain();
    const stored = await h.runtime.db.order.findFirstOrThrow({ where: { shop: SHOP } });
    expect(stored.financialStatus).toBe("refunded");
  });

  it("records delivery when the last fulfillment is delivered, once, on the order's timeline", async () => {
    h = await startHarness();
    const order = orderPayload();
    await h.sendWebhook("orders/create", SHOP, order);
    const f = fulfillmentPayload(String(order.id));
    await h.sendWebhook("fulfillments/create", SHOP, f);
    await h.drain();
    const deliveredAt = new Date(Date.now() + 3_600_000).toISOString();
    const delivered = { ...f, shipment_status: "delivered", updated_at: deliveredAt };
    await h.sendWebhook("fulfillments/update", SHOP, delivered);
    await h.sendWebhook("fulfillments/update", SHOP, delivered);
    await h.drain();
    const stored = await h.runtime.db.order.findFirstOrThrow({ where: { shop: SHOP } });
    expect(stored.deliveredAt?.toISOString()).toBe(deliveredAt);
    const types = (await h.runtime.db.afterSalesEvent.findMany({ where: { shop: SHOP }, orderBy: { occurredAt: "asc" } })).map(
      (e) => e.type,
    );
    expect(types.filter((t) => t !== "order.paid")).toEqual([
      "order.placed",
      "order.fulfilled",
      "order.tracking_updated",
      "order.delivered",
    ]);
    expect(types.filter((t) => t === "order.delivered")).toHaveLength(1);
  });

  it("fails a payload that can never be processed at once, naming the field, instead of retrying it", async () => {
    h = await startHarness();
    const res = await h.sendWebhook("orders/create", SHOP, { ...orderPayload(), updated_at: "garbage" });
    await h.drain();
    const delivery = await h.runtime.db.webhookDelivery.findFirstOrThrow({ where: { webhookId: res.webhookId } });
    expect(delivery).toMatchObject({ status: "dead", attempts: 1, nextAttemptAt: null });
    expect(delivery.lastError).toMatch(/Unexpected orders\/create payload: updated_at must be an ISO 8601 date/);
    expect(await h.runtime.db.order.count()).toBe(0);
  });

  it("skips a topic it has no handler for, and says so", async () => {
    h = await startHarness();
    const res = await h.sendWebhook("products/update", SHOP, { id: 1 });
    await h.drain();
    const delivery = await h.runtime.db.webhookDelivery.findFirstOrThrow({ where: { webhookId: res.webhookId } });
    expect(delivery).toMatchObject({ status: "skipped", lastError: "No handler for topic products/update" });
  });

  it("processes a webhook stored while nothing ran background work once something does", async () => {
    h = await startHarness({ background: "none" });
    const order = orderPayload();
    const res = await h.sendWebhook("orders/create", SHOP, order);
    expect(res.status).toBe(200);
    // The 200 means stored; a process without background work does nothing more with it.
    expect((await h.runtime.db.webhookDelivery.findUniqueOrThrow({ where: { webhookId: res.webhookId } })).status).toBe("received");
    expect(await h.runtime.db.order.count()).toBe(0);
    const databaseUrl = h.databaseUrl;
    await h.stop();
    h = await startHarness({ envVars: { DATABASE_URL: databaseUrl } });
    await h.drain();
    expect(await h.runtime.db.order.count({ where: { shop: SHOP } })).toBe(1);
  });

  it("stops all work for a shop when it uninstalls", async () => {
    h = await startHarness();
    await h.runtime.db.session.create({ data: { id: `offline_${SHOP}`, shop: SHOP, state: "", accessToken: "shpat_x" } });
    await h.runtime.jobs.enqueue(
      "webhook.process",
      { webhookId: "later" },
      { key: "later", shop: SHOP, runAt: new Date(Date.now() + 60_000) },
    );
    await h.sendWebhook("app/uninstalled", SHOP, { id: 1, name: "Anna Ceramics" });
    await h.drain();
    expect(await h.runtime.db.session.count({ where: { shop: SHOP } })).toBe(0);
    expect((await h.runtime.db.shop.findUniqueOrThrow({ where: { shop: SHOP } })).state).toBe("uninstalled");
    const res = await h.sendWebhook("orders/create", SHOP, orderPayload());
    expect(res.status).toBe(200);
    await h.drain();
    expect(await h.runtime.db.order.count()).toBe(0);
    expect((await h.runtime.db.webhookDelivery.findFirstOrThrow({ where: { webhookId: res.webhookId } })).status).toBe("skipped");
    const stats = await h.runtime.jobs.stats(SHOP);
    expect(stats.queued + stats.delayed).toBe(0);
  });
});
