// The delivery fallback as a merchant relies on it: a parcel no carrier reports on counts as
// delivered the shop's N days after it shipped — with the N set on the Settings page at the time
// the timer fires, even when the merchant changed it after the parcel left.
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "~/platform/clock";
import { saveShopSettings } from "~/shops/settings.server";
import { markInstalled } from "~/shops/shops.server";
import { startHarness, type Harness } from "../support/app-harness";
import { fulfillmentPayload, orderPayload } from "../support/payloads";
import { waitForValue } from "../support/wait";

const SHOP = "anna-ceramics.myshopify.com";
const DAY = 86_400_000;
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe("delivery fallback", () => {
  it("assumes delivery the merchant's N days after shipping, using the N in force when the timer fires", async () => {
    const shipped = new Date("2026-11-02T10:00:00Z");
    const clock = new ManualClock(shipped);
    h = await startHarness({ clock });
    await markInstalled(h.runtime.db, SHOP, null, clock);
    await saveShopSettings(h.runtime.db, SHOP, { deliveryFallbackDays: 5, backfillDays: 365 });
    const order = orderPayload();
    await h.sendWebhook("orders/create", SHOP, order);
    await h.sendWebhook("fulfillments/create", SHOP, {
      ...fulfillmentPayload(String(order.id)),
      created_at: shipped.toISOString(),
      updated_at: shipped.toISOString(),
    });
    await h.drain();
    const timer = await waitForValue(() => h!.runtime.db.job.findFirst({ where: { name: "orders.delivery-fallback" } }));
    expect(timer.runAt.toISOString()).toBe(new Date(shipped.getTime() + 5 * DAY).toISOString());

    // The merchant gives carriers longer before the timer fires.
    await saveShopSettings(h.runtime.db, SHOP, { deliveryFallbackDays: 8, backfillDays: 365 });
    clock.set(new Date(shipped.getTime() + 5 * DAY + 1_000));
    h.runtime.kick();
    const later = await waitForValue(
      () =>
        h!.runtime.db.job.findFirst({ where: { name: "orders.delivery-fallback", runAt: { gt: new Date(shipped.getTime() + 6 * DAY) } } }),
      10_000,
    );
    expect(later.runAt.toISOString()).toBe(new Date(shipped.getTime() + 8 * DAY).toISOString());
    const gid = order.admin_graphql_api_id as string;
    expect(
      (await h.runtime.db.order.findUniqueOrThrow({ where: { shop_orderGid: { shop: SHOP, orderGid: gid } } })).deliveredAt,
    ).toBeNull();

    clock.set(new Date(shipped.getTime() + 8 * DAY + 1_000));
    h.runtime.kick();
    const delivered = await waitForValue(async () => {
      const o = await h!.runtime.db.order.findUniqueOrThrow({ where: { shop_orderGid: { shop: SHOP, orderGid: gid } } });
      return o.deliveredAt ? o : null;
    }, 10_000);
    expect(delivered).toMatchObject({ deliverySource: "fallback", deliveredAt: new Date(shipped.getTime() + 8 * DAY) });
    const events = await h.runtime.db.afterSalesEvent.findMany({ where: { shop: SHOP, type: "order.delivered" } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ source: "fallback", history: false });
    expect(JSON.parse(events[0].detail)).toEqual({ source: "fallback", fallbackDays: 8 });
  });
});
