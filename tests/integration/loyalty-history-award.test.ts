// Points for past orders, from a shop's imported history: the preview says what a run will give
// (customers, points) and the run gives exactly that — refunds taking their share back, cancelled and
// fully refunded orders earning nothing, excluded products earning nothing, tiers reached on the way
// — with its progress recorded; an order already awarded live is never paid again, a second run pays
// nothing, a run interrupted between batches resumes without paying twice, and only one runs at a time.
import { afterEach, describe, expect, it } from "vitest";
import { startBackfill } from "~/history/backfill.server";
import { ledgerMismatches } from "~/loyalty/ledger.server";
import {
  activeHistoryAward,
  awardHistoryBatch,
  latestHistoryAward,
  previewHistoryAward,
  startHistoryAward,
} from "~/loyalty/history-award.server";
import { earnKey } from "~/loyalty/orders.server";
import { earnOnPaidSubscriber } from "~/loyalty/subscribers.server";
import type { StoredEvent } from "~/events/types";
import { SHOPIFY_API_VERSION } from "~/platform/shopify-api-version";
import { LOYALTY_SHOP, startLoyaltyShop, type LoyaltyShop } from "../support/loyalty-shop";
import { placeOrder } from "../support/demo-orders";
import { waitForValue } from "../support/wait";

let s: LoyaltyShop | undefined;
afterEach(async () => {
  await s?.stop();
  s = undefined;
});

function deps(shop: LoyaltyShop) {
  const rt = shop.harness.runtime;
  return {
    db: rt.db,
    jobs: rt.jobs,
    events: rt.events,
    shopify: { apiVersion: SHOPIFY_API_VERSION, originTemplate: rt.env.SHOPIFY_ADMIN_API_ORIGIN },
  };
}

/** The shop's year of seeded orders, imported the way an install imports them. */
async function importHistory(shop: LoyaltyShop) {
  const rt = shop.harness.runtime;
  const started = await startBackfill(rt, LOYALTY_SHOP, { requestedBy: "merchant", days: 365 });
  expect(started.started).toBe(true);
  await waitForValue(
    async () => {
      const b = await rt.db.backfill.findFirst({ where: { shop: LOYALTY_SHOP }, orderBy: { startedAt: "desc" } });
      if (b?.status === "failed") throw new Error(`the history import failed: ${b.error}`);
      return b?.status === "completed" ? b : null;
    },
    60_000,
    50,
    "the history import",
  );
  await shop.settle();
}

async function waitForRun(shop: LoyaltyShop) {
  return waitForValue(
    async () => {
      const run = await latestHistoryAward(shop.harness.runtime.db, LOYALTY_SHOP);
      return run && run.status !== "running" ? run : null;
    },
    60_000,
    50,
    "the award to finish",
  );
}

async function historyPoints(shop: LoyaltyShop) {
  const db = shop.harness.runtime.db;
  const entries = await db.loyaltyEntry.findMany({ where: { shop: LOYALTY_SHOP } });
  const awardedOrders = new Set(entries.filter((e) => e.reason === "history_award").map((e) => e.orderGid));
  return { entries, awardedOrders };
}

describe("points for past orders", () => {
  it("gives what the preview said, once, with the live award's key, and only for orders that earn", async () => {
    s = await startLoyaltyShop({ signupEnabled: false }, { seedOrders: 80 });
    const db = s.harness.runtime.db;
    await importHistory(s);
    // A live order: earned when Shopify said it was paid, before any award for the past.
    const variant = Object.values(s.store.shopData(LOYALTY_SHOP).variants).find((v) => s!.store.variantAvailable(v))!;
    const live = placeOrder(s.store, LOYALTY_SHOP, { customerId: s.customer.id, variantId: variant.id, quantity: 1 });
    await s.settle();
    const liveEarn = await db.loyaltyEntry.findUnique({ where: { shop_key: { shop: LOYALTY_SHOP, key: earnKey(live.id) } } });
    expect(liveEarn).toMatchObject({ reason: "order_paid" });

    const now = s.clock.now();
    const preview = await previewHistoryAward(deps(s), LOYALTY_SHOP, 365, now);
    expect(preview.customers).toBeGreaterThan(0);
    expect(preview.points).toBeGreaterThan(0);
    // Nothing was written by looking.
    expect(await db.loyaltyEntry.count({ where: { shop: LOYALTY_SHOP, reason: "history_award" } })).toBe(0);

    const started = await startHistoryAward(s.harness.runtime, LOYALTY_SHOP, { sinceDays: 365, requestedBy: "merchant", now });
    expect(started.started).toBe(true);
    const run = await waitForRun(s);
    expect(run).toMatchObject({ status: "completed", customersAwarded: preview.customers, points: preview.points, activeShop: null });
    expect(run.customersDone).toBe(run.customersTotal);

    const { entries, awardedOrders } = await historyPoints(s);
    // Every point of the run is in the ledger: awards, their refunds' share, tier entry points.
    const written = entries.filter((e) => e.createdAt.getTime() >= run.startedAt.getTime() && e.reason !== "order_paid");
    expect(written.reduce((sum, e) => sum + e.points + e.pendingPoints, 0)).toBe(preview.points);
    // Spendable at once, never pending.
    expect(entries.filter((e) => e.reason === "history_award").every((e) => e.pendingPoints === 0 && e.points > 0)).toBe(true);
    // The live order kept its live award; no order earned twice.
    expect(awardedOrders.has(live.id)).toBe(false);
    const earnKeys = entries.filter((e) => e.kind === "earn" && e.orderGid).map((e) => e.key);
    expect(new Set(earnKeys).size).toBe(earnKeys.length);
    // Cancelled and wholly refunded orders earned nothing.
    const orders = await db.order.findMany({ where: { shop: LOYALTY_SHOP } });
    const refunds = await db.refund.groupBy({ by: ["orderGid"], where: { shop: LOYALTY_SHOP }, _sum: { amountMinor: true } });
    const refunded = new Map(refunds.map((r) => [r.orderGid, r._sum.amountMinor ?? 0]));
    const notEarning = orders.filter((o) => o.cancelledAt || (refunded.get(o.orderGid) ?? 0) >= o.totalMinor);
    expect(notEarning.length).toBeGreaterThan(0);
    for (const o of notEarning) expect(awardedOrders.has(o.orderGid), o.name).toBe(false);
    expect(await ledgerMismatches(db, LOYALTY_SHOP)).toEqual([]);

    // Shopify saying again that an awarded order was paid changes nothing.
    const awarded = [...awardedOrders][0]!;
    const order = orders.find((o) => o.orderGid === awarded)!;
    const before = await db.loyaltyEntry.count({ where: { shop: LOYALTY_SHOP } });
    const paid: StoredEvent = {
      id: "replayed",
      shop: LOYALTY_SHOP,
      key: `order.paid:${awarded}:again`,
      type: "order.paid",
      orderGid: awarded,
      customerGid: order.customerGid,
      occurredAt: s.clock.now(),
      history: false,
      source: "webhook",
      detail: {},
    };
    await earnOnPaidSubscriber.handle(paid, { ...s.harness.runtime, shopify: deps(s).shopify, log: s.harness.runtime.log });
    expect(await db.loyaltyEntry.count({ where: { shop: LOYALTY_SHOP } })).toBe(before);

    // A second run finds nothing left to pay.
    expect(await previewHistoryAward(deps(s), LOYALTY_SHOP, 365, s.clock.now())).toMatchObject({ customers: 0, points: 0 });
    const again = await startHistoryAward(s.harness.runtime, LOYALTY_SHOP, { sinceDays: 365, requestedBy: "merchant", now: s.clock.now() });
    expect(again.started).toBe(true);
    expect(await waitForRun(s)).toMatchObject({ status: "completed", points: 0, customersAwarded: 0 });
    expect(await db.loyaltyEntry.count({ where: { shop: LOYALTY_SHOP } })).toBe(before);
  }, 120_000);

  it("agrees with its preview under exclusions and tiers, resumes between batches without paying twice, and runs once per shop", async () => {
    s = await startLoyaltyShop(
      {
        signupEnabled: false,
        excludedTags: ["linen"],
        includeShipping: true,
        tiers: [
          { name: "Srebrny", threshold: 400, multiplier: 125, entryPoints: 50 },
          { name: "Złoty", threshold: 1200, multiplier: 150, entryPoints: 150 },
        ],
      },
      { seedOrders: 80 },
    );
    const db = s.harness.runtime.db;
    await importHistory(s);
    const now = s.clock.now();
    const preview = await previewHistoryAward(deps(s), LOYALTY_SHOP, 365, now, 1);
    expect(preview.points).toBeGreaterThan(0);
    // Excluding linen takes points away: the same orders without exclusions would earn more.
    await db.loyaltyProgram.update({ where: { shop: LOYALTY_SHOP }, data: { excludedTags: "[]" } });
    expect((await previewHistoryAward(deps(s), LOYALTY_SHOP, 365, now)).points).toBeGreaterThan(preview.points);
    await db.loyaltyProgram.update({ where: { shop: LOYALTY_SHOP }, data: { excludedTags: JSON.stringify(["linen"]) } });

    // Two Start clicks at once: one run.
    const [a, b] = await Promise.all([
      startHistoryAward({ db, jobs: nullJobs }, LOYALTY_SHOP, { sinceDays: 365, requestedBy: "merchant", now }),
      startHistoryAward({ db, jobs: nullJobs }, LOYALTY_SHOP, { sinceDays: 365, requestedBy: "merchant", now }),
    ]);
    expect([a.started, b.started].sort()).toEqual([false, true]);
    const run = (await activeHistoryAward(db, LOYALTY_SHOP))!;

    // Driven batch by batch, the first batch (one customer) twice — a job retried after it wrote.
    const first = await awardHistoryBatch(deps(s), run.id, null, 0, now, 1);
    const firstPoints = (await latestHistoryAward(db, LOYALTY_SHOP))!.points;
    expect(firstPoints).toBeGreaterThan(0);
    expect(await awardHistoryBatch(deps(s), run.id, null, 0, now, 1)).toEqual(first);
    expect((await latestHistoryAward(db, LOYALTY_SHOP))!).toMatchObject({ points: firstPoints, customersDone: 1 });
    // The rest in batches that stop after each customer (their time budget used up).
    for (let next = first.next; next;) next = (await awardHistoryBatch(deps(s), run.id, next.after, next.done, now, 100, 0)).next;

    const done = (await latestHistoryAward(db, LOYALTY_SHOP))!;
    expect(done).toMatchObject({ status: "completed", points: preview.points, customersAwarded: preview.customers });
    expect(done.customersDone).toBe(done.customersTotal);
    // Tiers were reached on the way, their entry points given once each.
    const tierEntries = await db.loyaltyEntry.findMany({ where: { shop: LOYALTY_SHOP, reason: "tier_entry" } });
    expect(tierEntries.length).toBeGreaterThan(0);
    expect(new Set(tierEntries.map((e) => e.key)).size).toBe(tierEntries.length);
    expect(await ledgerMismatches(db, LOYALTY_SHOP)).toEqual([]);
    // The run is over: another may start.
    expect(await activeHistoryAward(db, LOYALTY_SHOP)).toBeNull();
  }, 120_000);

  it("does not start while the program is off", async () => {
    s = await startLoyaltyShop({ enabled: false });
    expect(
      await startHistoryAward(s.harness.runtime, LOYALTY_SHOP, { sinceDays: 30, requestedBy: "merchant", now: s.clock.now() }),
    ).toEqual({
      started: false,
      reason: "program_off",
    });
  }, 60_000);
});

/** A queue that takes the first batch's job and runs nothing (the test drives the batches itself). */
const nullJobs = {
  enqueue: async () => ({ created: true }),
} as unknown as Parameters<typeof startHistoryAward>[0]["jobs"];
