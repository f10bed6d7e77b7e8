// Webhooks arrive out of order and more than once, and jobs run eight at a time: whatever the
// interleaving, the projection ends at the newest version Shopify sent — for an order (and its
// lines), a customer and a fulfillment. Property-based; runs on SQLite and on PostgreSQL.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../support/app-harness";
import { fulfillmentPayload, nextId, orderPayload } from "../support/payloads";

const SHOP = "anna-ceramics.myshopify.com";
const VERSIONS = 200;
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ envVars: { JOB_CONCURRENCY: "8" } });
}, 60_000);
afterAll(() => h.stop());

/** Every version once, some again (as new deliveries), in a random order. */
const deliveryOrder = fc.array(fc.integer({ min: 0, max: VERSIONS - 1 }), { maxLength: 40 }).chain((duplicates) => {
  const all = [...Array.from({ length: VERSIONS }, (_, i) => i), ...duplicates];
  return fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length });
});

const at = (base: number, version: number) => new Date(base + version * 1_000).toISOString();

async function deliverAll(topic: string, bodies: unknown[]) {
  for (let i = 0; i < bodies.length; i += 40) {
    const sent = await Promise.all(bodies.slice(i, i + 40).map((b) => h.sendWebhook(topic, SHOP, b)));
    expect(sent.every((r) => r.status === 200)).toBe(true);
  }
  await h.drain(60_000);
}

describe("out-of-order updates at JOB_CONCURRENCY=8", () => {
  it("an order and its lines always end at the newest version", async () => {
    await fc.assert(
      fc.asyncProperty(deliveryOrder, async (order) => {
        const id = nextId();
        const base = Date.parse("2026-11-01T10:00:00Z");
        const version = (v: number) =>
          orderPayload({
            id,
            admin_graphql_api_id: `gid://shopify/Order/${id}`,
            total_price: `${100 + v}.00`,
            financial_status: v === VERSIONS - 1 ? "refunded" : "paid",
            updated_at: at(base, v),
            line_items: [
              {
                ...orderPayload().line_items[0],
                admin_graphql_api_id: `gid://shopify/LineItem/${id}1`,
                quantity: v + 1,
                title: `Apron v${v}`,
              },
            ],
          });
        await deliverAll(
          "orders/updated",
          order.map((v) => version(v)),
        );
        const stored = await h.runtime.db.order.findUniqueOrThrow({
          where: { shop_orderGid: { shop: SHOP, orderGid: `gid://shopify/Order/${id}` } },
        });
        expect(stored).toMatchObject({ totalMinor: (100 + VERSIONS - 1) * 100, financialStatus: "refunded" });
        expect(stored.shopifyUpdatedAt.toISOString()).toBe(at(base, VERSIONS - 1));
        const lines = await h.runtime.db.orderLine.findMany({ where: { shop: SHOP, orderGid: stored.orderGid } });
        expect(lines.map((l) => [l.title, l.quantity])).toEqual([[`Apron v${VERSIONS - 1}`, VERSIONS]]);
      }),
      { numRuns: 4 },
    );
  });

  it("a customer always ends at the newest version", async () => {
    await fc.assert(
      fc.asyncProperty(deliveryOrder, async (order) => {
        const id = nextId();
        const base = Date.parse("2026-11-01T10:00:00Z");
        await deliverAll(
          "customers/update",
          order.map((v) => ({
            id,
            admin_graphql_api_id: `gid://shopify/Customer/${id}`,
            email: `v${v}@example.com`,
            first_name: `Anna v${v}`,
            updated_at: at(base, v),
            email_marketing_consent: { state: v % 2 ? "subscribed" : "unsubscribed", consent_updated_at: at(base, v) },
          })),
        );
        const stored = await h.runtime.db.customer.findUniqueOrThrow({
          where: { shop_customerGid: { shop: SHOP, customerGid: `gid://shopify/Customer/${id}` } },
        });
        expect(stored).toMatchObject({
          email: `v${VERSIONS - 1}@example.com`,
          firstName: `Anna v${VERSIONS - 1}`,
          marketingState: "SUBSCRIBED",
        });
      }),
      { numRuns: 4 },
    );
  });

  it("a fulfillment always ends at the newest version", async () => {
    await fc.assert(
      fc.asyncProperty(deliveryOrder, async (order) => {
        const orderId = nextId();
        const f = fulfillmentPayload(orderId);
        const base = Date.parse("2026-11-01T10:00:00Z");
        await deliverAll(
          "fulfillments/update",
          order.map((v) => ({
            ...f,
            tracking_numbers: [`T${v}`],
            shipment_status: v === VERSIONS - 1 ? "out_for_delivery" : "in_transit",
            updated_at: at(base, v),
          })),
        );
        const stored = await h.runtime.db.fulfillment.findUniqueOrThrow({
          where: { shop_fulfillmentGid: { shop: SHOP, fulfillmentGid: f.admin_graphql_api_id } },
        });
        expect(stored).toMatchObject({ trackingNumbers: JSON.stringify([`T${VERSIONS - 1}`]), shipmentStatus: "out_for_delivery" });
      }),
      { numRuns: 4 },
    );
  });
});
