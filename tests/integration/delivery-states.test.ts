// What a merchant sees of a webhook that fails: "retrying" with the next attempt's time and the
// last error while Aftercare still tries, "dead" once it gives up (with Retry), and a replay that
// is atomic, idempotent, on the injectable clock and on the order's timeline. Runs on both drivers.
import { afterEach, describe, expect, it } from "vitest";
import { loadOverview } from "~/health/overview.server";
import { replayDelivery } from "~/health/replay.server";
import { OffsetClock } from "~/platform/clock";
import { startHarness, type Harness } from "../support/app-harness";
import { orderPayload } from "../support/payloads";
import { waitFor } from "../support/wait";

const SHOP = "anna-ceramics.myshopify.com";
const DAY = 86_400_000;
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const delivery = (webhookId: string) => h!.runtime.db.webhookDelivery.findUniqueOrThrow({ where: { webhookId } });

describe("delivery states", () => {
  it("shows a failing delivery as retrying, with the next attempt (clock time) and the error, until it succeeds", async () => {
    // The app's clock runs 30 days ahead of the machine's, as after a demo fast-forward.
    const clock = new OffsetClock(30 * DAY);
    let calls = 0;
    let release!: () => void;
    const secondAttempt = new Promise<void>((r) => (release = r));
    h = await startHarness({
      clock,
      backoff: { baseMs: 400, maxMs: 400 },
      handlers: {
        "orders/create": async () => {
          calls++;
          if (calls === 1) throw new Error("Shopify answered 503");
          if (calls === 2) await secondAttempt;
        },
      },
    });
    const sentAt = clock.now().getTime();
    const res = await h.sendWebhook("orders/create", SHOP, orderPayload());
    await waitFor(async () => (await delivery(res.webhookId)).status === "retrying", 5_000, "retrying");
    const retrying = await delivery(res.webhookId);
    expect(retrying).toMatchObject({ attempts: 1, lastError: "Shopify answered 503" });
    // Backoff for the first retry is 200–400 ms of the app's clock.
    expect(retrying.nextAttemptAt!.getTime()).toBeGreaterThanOrEqual(sentAt + 200);
    expect(retrying.nextAttemptAt!.getTime()).toBeLessThan(clock.now().getTime() + 1_000);

    const overview = await loadOverview(h.runtime.db, h.runtime.jobs, SHOP);
    expect(overview.retrying).toEqual([
      expect.objectContaining({
        id: res.webhookId,
        topic: "orders/create",
        attempts: 1,
        error: "Shopify answered 503",
        nextAttemptAt: retrying.nextAttemptAt!.toISOString(),
      }),
    ]);
    expect(overview.problems).toEqual([]);
    expect(overview.topics).toEqual([expect.objectContaining({ topic: "orders/create", retrying: 1, dead: 0 })]);

    await waitFor(() => calls === 2, 5_000, "the second attempt");
    release();
    await h.drain();
    expect(await delivery(res.webhookId)).toMatchObject({ status: "processed", attempts: 2, lastError: null, nextAttemptAt: null });
  });

  it("marks a delivery dead once it gives up, offers Retry, and replays it once however often Retry is pressed", async () => {
    let broken = true;
    let calls = 0;
    h = await startHarness({
      handlers: {
        "orders/create": async () => {
          calls++;
          if (broken) throw new Error("Shopify is down");
        },
      },
    });
    const order = orderPayload();
    const res = await h.sendWebhook("orders/create", SHOP, order);
    await h.drain(20_000);
    expect(calls).toBe(8);
    expect(await delivery(res.webhookId)).toMatchObject({ status: "dead", attempts: 8, lastError: "Shopify is down", nextAttemptAt: null });
    const overview = await loadOverview(h.runtime.db, h.runtime.jobs, SHOP);
    expect(overview.retrying).toEqual([]);
    expect(overview.problems).toEqual([
      expect.objectContaining({ kind: "webhook", id: res.webhookId, attempts: 8, error: "Shopify is down" }),
    ]);

    broken = false;
    const clicks = await Promise.all(
      [1, 2, 3].map(() => replayDelivery(h!.runtime.db, h!.runtime.events, h!.runtime.clock, SHOP, res.webhookId)),
    );
    expect(clicks.sort()).toEqual(["not_dead", "not_dead", "replayed"]);
    await h.drain();
    expect(calls).toBe(9);
    expect(await delivery(res.webhookId)).toMatchObject({ status: "processed", replays: 1 });
    expect(await replayDelivery(h.runtime.db, h.runtime.events, h.runtime.clock, SHOP, res.webhookId)).toBe("not_dead");

    const replayed = await h.runtime.db.afterSalesEvent.findMany({
      where: { shop: SHOP, orderGid: order.admin_graphql_api_id, type: "webhook.replayed" },
    });
    expect(replayed).toHaveLength(1);
    expect(JSON.parse(replayed[0].detail)).toMatchObject({
      topic: "orders/create",
      webhookId: res.webhookId,
      lastError: "Shopify is down",
    });
  });

  it("never leaves a replayed delivery stuck waiting when it fails again at once", async () => {
    h = await startHarness();
    const res = await h.sendWebhook("orders/create", SHOP, { ...orderPayload(), total_price: "12,50" });
    await h.drain();
    expect(await delivery(res.webhookId)).toMatchObject({ status: "dead", attempts: 1 });
    expect(await replayDelivery(h.runtime.db, h.runtime.events, h.runtime.clock, SHOP, res.webhookId)).toBe("replayed");
    h.runtime.kick();
    await h.drain();
    expect(await delivery(res.webhookId)).toMatchObject({ status: "dead", attempts: 1, replays: 1 });
    expect((await delivery(res.webhookId)).lastError).toMatch(/total_price must be a decimal amount/);
  });

  it("answers not_found for a delivery that does not exist or belongs to another shop, and changes nothing", async () => {
    h = await startHarness();
    const res = await h.sendWebhook("orders/create", "bob-bikes.myshopify.com", { ...orderPayload(), created_at: "yesterday" });
    await h.drain();
    expect(await replayDelivery(h.runtime.db, h.runtime.events, h.runtime.clock, SHOP, res.webhookId)).toBe("not_found");
    expect(await replayDelivery(h.runtime.db, h.runtime.events, h.runtime.clock, SHOP, "no-such-delivery")).toBe("not_found");
    expect(await delivery(res.webhookId)).toMatchObject({ status: "dead", replays: 0 });
  });
});
