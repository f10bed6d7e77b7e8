// Tenant isolation and the merchant's overview: what one shop sees never includes another's data
// (counts included), and a retry only reaches the shop's own failed work. Runs on both drivers.
import { afterEach, describe, expect, it } from "vitest";
import { loadOverview } from "~/health/overview.server";
import { replayDelivery } from "~/health/replay.server";
import { recentOrdersForCustomer } from "~/orders/customer-orders.server";
import { startHarness, type Harness } from "../support/app-harness";
import { fulfillmentPayload, orderPayload } from "../support/payloads";
import { waitFor } from "../support/wait";

const ANNA = "anna-ceramics.myshopify.com";
const BOB = "bob-bikes.myshopify.com";
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe("shop scoping", () => {
  it("shows each shop only its own webhooks, background work and failures, counts included", async () => {
    h = await startHarness();
    // Both shops have the same topics and the same kind of broken delivery; Bob has far more.
    await h.sendWebhook("orders/create", ANNA, orderPayload());
    await h.sendWebhook("customers/update", ANNA, {
      admin_graphql_api_id: "gid://shopify/Customer/1",
      updated_at: new Date().toISOString(),
      email: "a@example.com",
    });
    const annaBroken = await h.sendWebhook("orders/create", ANNA, { ...orderPayload(), updated_at: "garbage" });
    await h.sendWebhook("orders/create", BOB, orderPayload());
    await h.sendWebhook("orders/create", BOB, { ...orderPayload(), updated_at: "garbage" });
    await h.drain();
    const bobDead = Array.from({ length: 210 }, (_, i) => ({
      webhookId: `bob-dead-${i}`,
      shop: BOB,
      topic: "orders/create",
      apiVersion: "2026-10",
      payload: "{}",
      status: "dead",
      attempts: 8,
      lastError: "Bob's outage",
      receivedAt: new Date(),
      processedAt: new Date(Date.now() + i),
    }));
    await h.runtime.db.webhookDelivery.createMany({ data: bobDead });
    // Bob's own background jobs give up too (no access token for his shop): they must not show for Anna.
    for (let i = 0; i < 3; i++)
      await h.runtime.jobs.enqueue("shop.sync", { shop: BOB }, { key: `bob-sync-${i}`, shop: BOB, maxAttempts: 1 });
    await waitFor(async () => (await h!.runtime.jobs.stats(BOB)).dead === 3, 10_000, "Bob's jobs to give up");

    const anna = await loadOverview(h.runtime.db, h.runtime.jobs, ANNA);
    expect(anna.topics).toEqual([
      { topic: "customers/update", waiting: 0, processed: 1, retrying: 0, dead: 0, skipped: 0, total: 1 },
      { topic: "orders/create", waiting: 0, processed: 1, retrying: 0, dead: 1, skipped: 0, total: 2 },
    ]);
    expect(anna.queue).toMatchObject({ queued: 0, delayed: 0, retrying: 0, running: 0, dead: 0 });
    expect(anna.problems).toEqual([expect.objectContaining({ kind: "webhook", id: annaBroken.webhookId })]);

    const bob = await loadOverview(h.runtime.db, h.runtime.jobs, BOB);
    expect(bob.topics).toEqual([{ topic: "orders/create", waiting: 0, processed: 1, retrying: 0, dead: 211, skipped: 0, total: 212 }]);
    expect(bob.queue).toMatchObject({ dead: 3 });
    expect(bob.problems.filter((p) => p.kind === "job")).toHaveLength(3);

    // Anna can replay none of Bob's deliveries or jobs, however old or new; nothing of Bob's changes.
    for (const id of ["bob-dead-0", "bob-dead-209"]) {
      expect(await replayDelivery(h.runtime.db, h.runtime.events, h.runtime.clock, ANNA, id)).toBe("not_found");
      expect((await h.runtime.db.webhookDelivery.findUniqueOrThrow({ where: { webhookId: id } })).status).toBe("dead");
    }
    const [bobJob] = await h.runtime.jobs.failures(BOB, 1);
    expect(await h.runtime.jobs.retry(ANNA, bobJob.id)).toBe("not_found");
    expect((await h.runtime.jobs.stats(BOB)).dead).toBe(3);
    expect(await replayDelivery(h.runtime.db, h.runtime.events, h.runtime.clock, BOB, "bob-dead-209")).toBe("replayed");
  });

  it("lists a shopper's orders for their shop only, newest first, with shipments", async () => {
    h = await startHarness();
    const older = orderPayload({
      processed_at: "2026-10-01T10:00:00Z",
      created_at: "2026-10-01T10:00:00Z",
      updated_at: "2026-10-01T10:00:00Z",
    });
    const newer = orderPayload({
      processed_at: "2026-11-01T10:00:00Z",
      created_at: "2026-11-01T10:00:00Z",
      updated_at: "2026-11-01T10:00:00Z",
    });
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
