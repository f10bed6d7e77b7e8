// Property: however fulfilment webhooks, carrier events, fallback timers and duplicates interleave,
// an order gets order.delivered exactly once when it is delivered (and never when it is not). The
// real webhook handlers and the real fallback job run against a real database.
import crypto from "node:crypto";
import fc from "fast-check";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onFulfillmentEventWebhook, onFulfillmentWebhook, onOrderWebhook } from "~/orders/projection.server";
import { settleDelivery } from "~/orders/delivery.server";
import type { WebhookContext } from "~/webhooks/handler";
import { startHarness, type Harness } from "../support/app-harness";

const DAY = 86_400_000;
// Far enough ahead that the machine's own clock (which the webhook handlers use) never reaches a fallback.
const T0 = Date.now() + 365 * DAY;
const iso = (ms: number) => new Date(ms).toISOString();

type Op =
  | { kind: "order" }
  | { kind: "ship"; parcel: number; hours: number }
  | { kind: "status"; parcel: number; status: "in_transit" | "delivered" }
  | { kind: "scan"; parcel: number; event: number }
  | { kind: "timer"; days: number }
  | { kind: "repeat"; back: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.constant<Op>({ kind: "order" }),
  fc.record({ kind: fc.constant("ship" as const), parcel: fc.nat(1), hours: fc.nat(48) }),
  fc.record({
    kind: fc.constant("status" as const),
    parcel: fc.nat(1),
    status: fc.constantFrom("in_transit" as const, "delivered" as const),
  }),
  fc.record({ kind: fc.constant("scan" as const), parcel: fc.nat(1), event: fc.nat(2) }),
  fc.record({ kind: fc.constant("timer" as const), days: fc.integer({ min: 0, max: 10 }) }),
  fc.record({ kind: fc.constant("repeat" as const), back: fc.nat(5) }),
);

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.stop());

describe("order.delivered", () => {
  it("is emitted exactly once per delivered order, for any interleaving of fulfilment events, fallback timers and duplicates", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 14 }), async (ops) => {
        const shop = `p${crypto.randomUUID().slice(0, 8)}.myshopify.com`;
        const orderId = String(1_000_000 + Math.floor(Math.random() * 1e6));
        const orderGid = `gid://shopify/Order/${orderId}`;
        const ctx = (topic: string, payload: unknown): WebhookContext => ({
          shop,
          topic,
          webhookId: crypto.randomUUID(),
          payload,
          rawPayload: JSON.stringify(payload),
          receivedAt: new Date(),
          db: h.runtime.db,
          jobs: h.runtime.jobs,
          events: h.runtime.events,
          clock: h.runtime.clock,
          log: pino({ level: "silent" }),
        });
        // The model: which parcels exist (shipped when), which a carrier reported delivered.
        const shipped = new Map<number, number | null>();
        const reported = new Set<number>();
        let delivered = false;
        const done: Op[] = [];
        const allReported = () => shipped.size > 0 && [...shipped.keys()].every((p) => reported.has(p));

        const run = async (o: Op): Promise<void> => {
          switch (o.kind) {
            case "order":
              return onOrderWebhook(
                ctx("orders/updated", {
                  id: orderId,
                  name: `#${orderId}`,
                  currency: "PLN",
                  total_price: "10.00",
                  updated_at: iso(T0),
                  created_at: iso(T0),
                }),
              );
            case "ship": {
              const at = shipped.get(o.parcel) ?? T0 + o.hours * 3_600_000;
              shipped.set(o.parcel, at);
              await onFulfillmentWebhook(
                ctx("fulfillments/create", {
                  id: String(500 + o.parcel),
                  order_id: orderId,
                  status: "success",
                  created_at: iso(at),
                  updated_at: iso(at),
                }),
              );
              if (allReported()) delivered = true;
              return;
            }
            case "status": {
              const at = shipped.get(o.parcel) ?? T0;
              shipped.set(o.parcel, at);
              if (o.status === "delivered") reported.add(o.parcel);
              await onFulfillmentWebhook(
                ctx("fulfillments/update", {
                  id: String(500 + o.parcel),
                  order_id: orderId,
                  status: "success",
                  shipment_status: o.status,
                  created_at: iso(at),
                  updated_at: iso(at + DAY),
                }),
              );
              if (allReported()) delivered = true;
              return;
            }
            case "scan": {
              reported.add(o.parcel);
              await onFulfillmentEventWebhook(
                ctx("fulfillment_events/create", {
                  id: String(9_000 + o.parcel * 10 + o.event),
                  fulfillment_id: String(500 + o.parcel),
                  order_id: orderId,
                  status: "delivered",
                  happened_at: iso(T0 + 2 * DAY),
                }),
              );
              // A scan for a parcel whose fulfilment webhook has not come yet makes it known.
              if (!shipped.has(o.parcel)) shipped.set(o.parcel, null);
              if (allReported()) delivered = true;
              return;
            }
            case "timer": {
              const now = T0 + o.days * DAY;
              await settleDelivery(h.runtime.db, h.runtime.events, shop, orderGid, new Date(now), "fallback");
              const due = shipped.size > 0 && [...shipped].every(([p, at]) => reported.has(p) || (at !== null && at + 5 * DAY <= now));
              if (due) delivered = true;
              return;
            }
            case "repeat": {
              const again = done[done.length - 1 - o.back];
              if (again && again.kind !== "repeat") await run(again);
              return;
            }
          }
        };
        for (const o of ops) {
          await run(o);
          done.push(o);
        }
        const events = await h.runtime.db.afterSalesEvent.findMany({ where: { shop, type: "order.delivered" } });
        expect(events.length).toBe(delivered ? 1 : 0);
        if (events.length) expect(events[0].orderGid).toBe(orderGid);
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});
