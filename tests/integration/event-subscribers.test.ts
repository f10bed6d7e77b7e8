// The subscriber table in action: a capability reacting to an after-sales event runs once per
// event however many webhooks said the same thing, never for history, and an event a crash left
// undispatched is still handed over by the sweep.
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import type { StoredEvent } from "~/events/types";
import type { SubscriberTable } from "~/events/subscriber";
import { sqlOf } from "~/platform/sql.server";
import { startHarness, type Harness } from "../support/app-harness";
import { orderPayload } from "../support/payloads";
import { waitForValue } from "../support/wait";

const SHOP = "anna-ceramics.myshopify.com";
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** A subscriber that records each event it is handed, as a capability's effect would. */
function recording() {
  const seen: StoredEvent[] = [];
  const table: SubscriberTable = {
    "order.placed": [{ name: "test.thank-you", handle: async (event) => void seen.push(event) }],
    "order.paid": [
      { name: "test.points", handle: async (event) => void seen.push(event) },
      { name: "test.history-report", history: true, handle: async (event) => void seen.push(event) },
    ],
  };
  return { seen, table };
}

describe("event subscribers", () => {
  it("run once per event and subscriber, however often and under whatever topic Shopify repeats the news", async () => {
    const { seen, table } = recording();
    h = await startHarness({ subscribers: table });
    const order = orderPayload({ financial_status: "paid" });
    // orders/create, orders/paid and orders/updated all say "placed" and "paid"; the same delivery twice changes nothing.
    const first = await h.sendWebhook("orders/create", SHOP, order);
    await h.sendWebhook("orders/create", SHOP, order, { webhookId: first.webhookId });
    await h.sendWebhook("orders/paid", SHOP, order);
    await h.sendWebhook("orders/updated", SHOP, { ...order, updated_at: new Date(Date.now() + 60_000).toISOString() });
    await h.drain();
    await waitForValue(() => (seen.length >= 3 ? true : null));
    // Nothing more arrives: a second hand-off of the same (event, subscriber) would show here.
    await new Promise((r) => setTimeout(r, 500));
    expect(seen.map((e) => e.type).sort()).toEqual(["order.paid", "order.paid", "order.placed"]);
    expect(new Set(seen.map((e) => e.key))).toEqual(
      new Set([`${order.admin_graphql_api_id}:order.placed`, `${order.admin_graphql_api_id}:order.paid`]),
    );
  });

  it("hands history events only to subscribers that ask for history", async () => {
    const { seen, table } = recording();
    h = await startHarness({ subscribers: table });
    const appended = await h.runtime.events.append(
      SHOP,
      [
        {
          type: "order.placed",
          key: "gid://shopify/Order/1:order.placed",
          orderGid: "gid://shopify/Order/1",
          occurredAt: new Date("2026-01-05"),
          detail: { name: "#1", totalMinor: 100, currency: "PLN", financialStatus: "paid" },
        },
        {
          type: "order.paid",
          key: "gid://shopify/Order/1:order.paid",
          orderGid: "gid://shopify/Order/1",
          occurredAt: new Date("2026-01-05"),
          detail: { name: "#1", totalMinor: 100, currency: "PLN", financialStatus: "paid" },
        },
      ],
      { source: "backfill", history: true },
    );
    expect(appended).toBe(2);
    await waitForValue(() => (seen.length >= 1 ? true : null));
    await new Promise((r) => setTimeout(r, 300));
    expect(seen.map((e) => [e.type, e.history])).toEqual([["order.paid", true]]);
  });

  it("dispatches an event a crash left between its append and its subscribers' jobs", async () => {
    const { seen, table } = recording();
    h = await startHarness({ subscribers: table });
    // As if the process died right after appending: the row is there, undispatched, no job enqueued.
    const sql = h.runtime.events.statement(
      SHOP,
      [
        {
          type: "order.placed",
          key: "gid://shopify/Order/2:order.placed",
          orderGid: "gid://shopify/Order/2",
          occurredAt: new Date(),
          detail: { name: "#2", totalMinor: 100, currency: "PLN", financialStatus: null },
        },
      ],
      { source: "webhook" },
    );
    await sqlOf(h.runtime.db).all(sql[0].sql, sql[0].args);
    expect(seen).toEqual([]);
    const left = await h.runtime.db.afterSalesEvent.findFirstOrThrow({ where: { shop: SHOP, key: "gid://shopify/Order/2:order.placed" } });
    expect(left.dispatched).toBe(false);
    expect(await h.runtime.events.sweep(pino({ level: "silent" }), 0)).toBe(1);
    await waitForValue(() => (seen.length === 1 ? true : null));
    expect(seen[0].key).toBe("gid://shopify/Order/2:order.placed");
    // A second sweep finds nothing left, and the job's key keeps a repeated hand-off harmless.
    expect(await h.runtime.events.sweep(pino({ level: "silent" }), 0)).toBe(0);
  });
});
