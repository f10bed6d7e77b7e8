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
    // One timer waits: the parcel's fallback (read through the queue, so this holds on either job driver).
    const armed = await waitForValue(async () => {
      const stats = await h!.runtime.jobs.stats(SHOP);
      return stats.delayed === 1 && stats.queued + stats.running === 0 ? stats : null;
    });
    const gid = order.admin_graphql_api_id as string;
    const deliveredAt = async () =>
      (await h!.runtime.db.order.findUniqueOrThrow({ where: { shop_orderGid: { shop: SHOP, orderGid: gid } } })).deliveredAt;

    // The merchant gives carriers longer before the timer fires: at 5 days it finds nothing due and sets itself again.
    await saveShopSettings(h.runtime.db, SHOP, { deliveryFallbackDays: 8, backfillDays: 365 });
    clock.set(new Date(shipped.getTime() + 5 * DAY + 1_000));
    h.runtime.kick();
    await waitForValue(async () => {
      const stats = await h!.runtime.jobs.stats(SHOP);
      return stats.completed > armed.completed && stats.delayed === 1 && stats.queued + stats.running === 0 ? stats : null;
    });
    expect(await deliveredAt()).toBeNull();
    clock.set(new Date(shipped.getTime() + 7 * DAY));
    h.runtime.kick();
    await new Promise((r) => setTimeout(r, 500));
    expect(await deliveredAt()).toBeNull();

    clock.set(new Date(shipped.getTime() + 8 * DAY + 1_000));
    h.runtime.kick();
    await waitForValue(deliveredAt, 10_000);
    const delivered = await h.runtime.db.order.findUniqueOrThrow({ where: { shop_orderGid: { shop: SHOP, orderGid: gid } } });
    expect(delivered).toMatchObject({ deliverySource: "fallback", deliveredAt: new Date(shipped.getTime() + 8 * DAY) });
    const events = await h.runtime.db.afterSalesEvent.findMany({ where: { shop: SHOP, type: "order.delivered" } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ source: "fallback", history: false });
    expect(JSON.parse(events[0].detail)).toEqual({ source: "fallback", fallbackDays: 8 });
  });
});
