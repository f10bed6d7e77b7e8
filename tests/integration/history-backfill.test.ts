// The history import through the Shopify double: bulk operations, the finish webhook, the JSONL
// download streamed into the projections. What a merchant relies on: every past order and customer
// arrives, a live update is never overwritten by older history, and a crash mid-import resumes and
// ends exactly where an uninterrupted import would.
import type { ChildProcess } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { startBackfill, backfillById } from "~/history/backfill.server";
import { markInstalled } from "~/shops/shops.server";
import { freePort } from "../support/free-port";
import { startHarness, TEST_SECRET, type Harness } from "../support/app-harness";
import { startWorkerProcess } from "../support/worker-process";
import { startShopifyDouble, type ShopifyDouble } from "../support/shopify";
import { AdminStore, numericIdOf, seedDemoShop } from "../support/shopify/admin";
import { waitForValue } from "../support/wait";

const SHOP = "anna-ceramics.myshopify.com";
const TOKEN = "shpat_history_test";
const DAY = 86_400_000;

let h: Harness | undefined;
let double: ShopifyDouble | undefined;
let child: ChildProcess | undefined;
afterEach(async () => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
  child = undefined;
  await h?.stop();
  h = undefined;
  await double?.close();
  double = undefined;
});

function seededStore(orders = 300, customers = 60): AdminStore {
  const store = new AdminStore();
  seedDemoShop(store, SHOP, { now: Date.now(), orders, customers, seed: 11 });
  store.install(SHOP, { accessToken: TOKEN, scope: "read_orders,read_all_orders,read_customers,read_products,read_fulfillments" });
  return store;
}

/** The app (a test harness) and the double, wired to each other, with the shop installed. */
async function start(store: AdminStore, options: Parameters<typeof startHarness>[0] = {}) {
  const port = await freePort();
  const harness = await startHarness({
    ...options,
    envVars: { SHOPIFY_ADMIN_API_ORIGIN: `http://127.0.0.1:${port}/shops/{shop}`, ...options.envVars },
  });
  h = harness;
  double = await startShopifyDouble({
    port,
    appUrl: harness.url,
    apiKey: "test-api-key",
    apiSecret: TEST_SECRET,
    store,
    deliverWebhooks: true,
  });
  const db = harness.runtime.db;
  await markInstalled(db, SHOP, "read_orders,read_all_orders,read_customers", harness.runtime.clock);
  await db.session.create({ data: { id: `offline_${SHOP}`, shop: SHOP, state: "", accessToken: TOKEN, scope: "read_orders" } });
  return harness;
}

async function finished(harness: Harness, id: string, timeoutMs = 60_000) {
  return waitForValue(
    async () => {
      const b = await backfillById(harness.runtime.db, SHOP, id);
      return b && !["exporting", "importing"].includes(b.status) ? b : null;
    },
    timeoutMs,
    50,
    "the import to end",
  );
}

/** The shop's orders the import must bring: created in the window. */
function expectedOrders(store: AdminStore, days: number) {
  const since = Date.now() - days * DAY;
  return Object.values(store.shopData(SHOP).orders).filter((o) => Date.parse(o.createdAt) >= since);
}

/** Everything the import writes, without row ids and write times: two imports can be compared. */
async function snapshot(harness: Harness) {
  const db = harness.runtime.db;
  const strip = <T extends Record<string, unknown>>(rows: T[]) =>
    rows.map(({ id: _id, createdAt: _c, updatedAt: _u, ...rest }) => JSON.stringify(rest)).sort();
  return {
    orders: strip(await db.order.findMany({ where: { shop: SHOP } })),
    lines: strip(await db.orderLine.findMany({ where: { shop: SHOP } })),
    fulfilments: strip(await db.fulfillment.findMany({ where: { shop: SHOP } })),
    refunds: strip(await db.refund.findMany({ where: { shop: SHOP } })),
    customers: strip(await db.customer.findMany({ where: { shop: SHOP } })),
    events: strip(
      (await db.afterSalesEvent.findMany({ where: { shop: SHOP } })).map(({ dispatched: _d, ...e }) => ({ ...e, updatedAt: null })),
    ),
  };
}

describe("history import", () => {
  it("imports the window's orders with lines, fulfilments and refunds, and every customer with consent — matching the store", async () => {
    const store = seededStore();
    const harness = await start(store);
    const started = await startBackfill(harness.runtime, SHOP, { requestedBy: "merchant", days: 365 });
    if (!started.started) throw new Error("did not start");
    // One import per shop at a time: a second click finds the running one.
    const again = await startBackfill(harness.runtime, SHOP, { requestedBy: "merchant", days: 30 });
    expect(again).toMatchObject({ started: false, reason: "running", backfill: { id: started.backfill.id } });

    const b = await finished(harness, started.backfill.id);
    expect(b).toMatchObject({ status: "completed", error: null, phase: "orders" });
    const orders = expectedOrders(store, 365);
    const data = store.shopData(SHOP);
    const db = harness.runtime.db;
    expect(b.ordersImported).toBe(orders.length);
    expect(b.customersImported).toBe(Object.keys(data.customers).length);
    expect(await db.order.count({ where: { shop: SHOP } })).toBe(orders.length);
    expect(await db.customer.count({ where: { shop: SHOP } })).toBe(Object.keys(data.customers).length);
    expect(await db.orderLine.count({ where: { shop: SHOP } })).toBe(orders.reduce((n, o) => n + o.lineItems.length, 0));
    const gids = new Set(orders.map((o) => o.id));
    const fulfilments = Object.values(data.fulfillments).filter((f) => gids.has(f.orderId));
    const refunds = Object.values(data.refunds).filter((r) => gids.has(r.orderId));
    expect(await db.fulfillment.count({ where: { shop: SHOP } })).toBe(fulfilments.length);
    expect(await db.refund.count({ where: { shop: SHOP } })).toBe(refunds.length);

    // Values as Shopify holds them: a refunded order, a cancelled one, a customer's consent.
    const refunded = orders.find((o) => o.financialStatus === "refunded" || o.financialStatus === "partially_refunded")!;
    const stored = await db.order.findUniqueOrThrow({ where: { shop_orderGid: { shop: SHOP, orderGid: refunded.id } } });
    expect(stored).toMatchObject({ name: refunded.name, financialStatus: refunded.financialStatus, currency: refunded.currency });
    expect(stored.totalMinor).toBe(store.totalMinor(refunded));
    const cancelled = orders.find((o) => o.cancelledAt);
    if (cancelled) {
      const c = await db.order.findUniqueOrThrow({ where: { shop_orderGid: { shop: SHOP, orderGid: cancelled.id } } });
      expect(c.cancelledAt?.toISOString()).toBe(new Date(cancelled.cancelledAt!).toISOString());
    }
    const subscriber = Object.values(data.customers).find((c) => c.marketingState === "SUBSCRIBED")!;
    expect(
      (await db.customer.findUniqueOrThrow({ where: { shop_customerGid: { shop: SHOP, customerGid: subscriber.id } } })).marketingState,
    ).toBe("SUBSCRIBED");

    // Delivered orders carry the rule's decision; every history event is marked as history and
    // started no flow (no subscriber jobs for last year's orders).
    const deliveredInStore = fulfilments.filter((f) => f.deliveredAt).map((f) => f.orderId);
    expect(await db.order.count({ where: { shop: SHOP, deliveredAt: { not: null } } })).toBeGreaterThanOrEqual(
      new Set(deliveredInStore).size,
    );
    const events = await db.afterSalesEvent.findMany({ where: { shop: SHOP } });
    expect(events.length).toBeGreaterThan(orders.length);
    expect(events.every((e) => e.history && e.source === "backfill")).toBe(true);
    expect(new Set(events.map((e) => e.type))).toEqual(
      new Set([
        "customer.created",
        "order.placed",
        "order.paid",
        "order.fulfilled",
        "order.delivered",
        "order.refunded",
        "order.cancelled",
      ]),
    );
    expect(await db.job.count({ where: { name: "event.deliver" } })).toBe(0);
    expect(await db.shop.findUniqueOrThrow({ where: { shop: SHOP } })).toMatchObject({ activeBackfillId: null, backfillDays: 365 });
  }, 90_000);

  it("keeps a live update that arrives during the import, never the older version from the file", async () => {
    const store = seededStore(400, 40);
    const harness = await start(store);
    const orders = expectedOrders(store, 365).sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
    // The last order of the file: the import reaches it after the webhook below has landed.
    const target = orders[orders.length - 1];
    const started = await startBackfill(harness.runtime, SHOP, { requestedBy: "merchant", days: 365 });
    if (!started.started) throw new Error("did not start");
    await waitForValue(
      async () => ((await backfillById(harness.runtime.db, SHOP, started.backfill.id))?.phase === "orders" ? true : null),
      30_000,
      5,
    );
    const newer = new Date(Date.now() + 3_600_000).toISOString();
    const res = await harness.sendWebhook("orders/updated", SHOP, {
      id: numericIdOf(target.id),
      admin_graphql_api_id: target.id,
      name: target.name,
      email: "changed-live@example.com",
      currency: target.currency,
      total_price: "1.00",
      financial_status: "refunded",
      updated_at: newer,
      created_at: target.createdAt,
    });
    expect(res.status).toBe(200);
    const b = await finished(harness, started.backfill.id);
    expect(b.status).toBe("completed");
    await harness.drain();
    const stored = await harness.runtime.db.order.findUniqueOrThrow({ where: { shop_orderGid: { shop: SHOP, orderGid: target.id } } });
    expect(stored).toMatchObject({ email: "changed-live@example.com", financialStatus: "refunded", totalMinor: 100 });
    expect(stored.shopifyUpdatedAt.toISOString()).toBe(newer);
    // The import says so: one order was newer in the app than in the file.
    expect(b.skipped.newer_in_app).toBe(1);
    expect(b.ordersImported).toBe(orders.length - 1);
  }, 90_000);

  it("asks Shopify for a new export when the download link has expired, and still imports everything once", async () => {
    const store = seededStore(200, 30);
    const harness = await start(store);
    // The orders export's link expires the moment it is ready: before the app can read a byte.
    let expired = false;
    store.on("change", (change: { topic: string }) => {
      const latest = store.currentBulkOperation(SHOP, "QUERY");
      if (change.topic === "bulk_operations/finish" && !expired && latest?.query.includes("orders(")) {
        expired = true;
        (double!.adminApi as unknown as { bulk: { expire(shop: string): unknown } }).bulk.expire(SHOP);
      }
    });
    const started = await startBackfill(harness.runtime, SHOP, { requestedBy: "merchant", days: 365 });
    if (!started.started) throw new Error("did not start");
    const b = await finished(harness, started.backfill.id);
    expect(expired).toBe(true);
    expect(b).toMatchObject({ status: "completed", phase: "orders", exports: 2, error: null });
    expect(b.ordersImported).toBe(expectedOrders(store, 365).length);
    expect(await harness.runtime.db.order.count({ where: { shop: SHOP } })).toBe(expectedOrders(store, 365).length);
  }, 60_000);

  it("ends with the permission to grant when Shopify denies access", async () => {
    const store = seededStore(50, 10);
    store.install(SHOP, { accessToken: TOKEN, scope: "read_orders,read_all_orders,read_products" });
    const harness = await start(store);
    const started = await startBackfill(harness.runtime, SHOP, { requestedBy: "merchant", days: 365 });
    if (!started.started) throw new Error("did not start");
    const b = await finished(harness, started.backfill.id);
    expect(b).toMatchObject({ status: "failed", phase: "customers", customersImported: 0 });
    expect(b.error).toBe("access_denied_customers");
    // The shop is free for the next import once the permission is granted.
    expect((await harness.runtime.db.shop.findUniqueOrThrow({ where: { shop: SHOP } })).activeBackfillId).toBeNull();
  }, 60_000);

  it("resumes after the process is killed mid-import and ends with the same rows as an uninterrupted import", async () => {
    // The reference: one uninterrupted import of the shop.
    const shopStore = seededStore(600, 50);
    const reference = await start(shopStore);
    const first = await startBackfill(reference.runtime, SHOP, { requestedBy: "merchant", days: 365 });
    if (!first.started) throw new Error("did not start");
    expect((await finished(reference, first.backfill.id)).status).toBe("completed");
    const expected = await snapshot(reference);
    await h!.stop();
    await double!.close();
    h = undefined;
    double = undefined;

    // The same shop into a fresh database, run by a worker process killed half-way through the orders.
    const harness = await start(shopStore, { background: "none" });
    const started = await startBackfill(harness.runtime, SHOP, { requestedBy: "merchant", days: 365 });
    if (!started.started) throw new Error("did not start");
    child = await startWorker(harness);
    const midway = await waitForValue(
      async () => {
        const b = await backfillById(harness.runtime.db, SHOP, started.backfill.id);
        return b && b.phase === "orders" && b.status === "importing" && b.bytesRead > 0 && b.bytesRead < (b.fileSize ?? 0) ? b : null;
      },
      60_000,
      2,
    );
    child.kill("SIGKILL");
    await new Promise((r) => child!.once("exit", r));
    const atKill = (await backfillById(harness.runtime.db, SHOP, started.backfill.id))!;
    expect(atKill.status).toBe("importing");
    expect(atKill.bytesRead).toBeGreaterThanOrEqual(midway.bytesRead);

    // A new worker takes the job over once the dead one's claim has lapsed, and resumes from the checkpoint.
    child = await startWorker(harness);
    const b = await finished(harness, started.backfill.id);
    expect(b.status).toBe("completed");
    expect(b.ordersImported).toBe(expectedOrders(shopStore, 365).length);
    expect(await snapshot(harness)).toEqual(expected);
  }, 150_000);
});

/** A job worker process on the harness's database; small batches so a kill lands mid-file, a short claim so a successor takes over fast. */
function startWorker(harness: Harness): Promise<ChildProcess> {
  return startWorkerProcess(harness.databaseUrl, {
    SHOPIFY_ADMIN_API_ORIGIN: harness.runtime.env.SHOPIFY_ADMIN_API_ORIGIN,
    TEST_LEASE_MS: "1500",
    TEST_HISTORY_BATCH_ROWS: "200",
  });
}
