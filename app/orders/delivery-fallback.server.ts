// The delivery fallback: when a carrier never reports, an order counts as delivered the shop's N
// days (default 5) after it shipped. A subscriber to order.fulfilled schedules one timer job per
// fulfilment; the timer applies the delivery rule, which emits order.delivered only if nothing
// else has (settleDelivery), so a late real delivery and the timer never both emit it.
import { z } from "zod";
import type { Subscriber } from "~/events/subscriber";
import type { EventLog } from "~/events/log.server";
import type { Clock } from "~/platform/clock";
import type { Db } from "~/platform/db.server";
import { defineJob } from "~/platform/jobs/registry.server";
import type { JobQueue } from "~/platform/jobs/types";
import { sqlOf } from "~/platform/sql.server";
import { fallbackDueAt } from "./delivery";
import { deliveryFallbackDays, nextFallbackAt, settleDelivery } from "./delivery.server";

export const DELIVERY_FALLBACK_JOB = "orders.delivery-fallback";

export const scheduleDeliveryFallback: Subscriber = {
  name: "orders.schedule-delivery-fallback",
  async handle(event, { db, jobs }) {
    const fulfillmentGid = typeof event.detail.fulfillmentGid === "string" ? event.detail.fulfillmentGid : null;
    if (!event.orderGid || !fulfillmentGid) return;
    const [order] = await sqlOf(db).all<{ deliveredAt: unknown }>(`SELECT "deliveredAt" FROM "Order" WHERE "shop" = ? AND "orderGid" = ?`, [
      event.shop,
      event.orderGid,
    ]);
    if (order?.deliveredAt) return;
    const due = fallbackDueAt({ shippedAt: event.occurredAt }, await deliveryFallbackDays(db, event.shop));
    if (!due) return;
    await jobs.enqueue(
      DELIVERY_FALLBACK_JOB,
      { shop: event.shop, orderGid: event.orderGid },
      { key: `delivery-fallback:${event.shop}:${fulfillmentGid}`, runAt: due, shop: event.shop },
    );
  },
};

export function deliveryFallbackJob(deps: { db: Db; clock: Clock; events: EventLog; jobs: () => JobQueue }) {
  return defineJob({
    name: DELIVERY_FALLBACK_JOB,
    schema: z.object({ shop: z.string(), orderGid: z.string() }),
    async run({ shop, orderGid }) {
      const now = deps.clock.now();
      if (await settleDelivery(deps.db, deps.events, shop, orderGid, now, "fallback")) return;
      // Not yet: the merchant lengthened the fallback since this timer was set, or a parcel shipped
      // later. The timer is set again for when the rule can decide.
      const next = await nextFallbackAt(deps.db, shop, orderGid);
      if (next && next > now) {
        await deps
          .jobs()
          .enqueue(
            DELIVERY_FALLBACK_JOB,
            { shop, orderGid },
            { key: `delivery-fallback:${shop}:${orderGid}:${next.getTime()}`, runAt: next, shop },
          );
      }
    },
  });
}
