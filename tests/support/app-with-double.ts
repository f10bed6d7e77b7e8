// The app (test harness: real database, real jobs) installed in a shop of the Shopify double: the
// double's Admin API at the app's configured origin, its webhooks delivered to the app, the shop
// row and offline session in place. Shared by the integration tests that need Shopify to answer.
import { ManualClock } from "~/platform/clock";
import { markInstalled } from "~/shops/shops.server";
import { freePort } from "./free-port";
import { startHarness, TEST_SECRET, type Harness } from "./app-harness";
import { startShopifyDouble, type ShopifyDouble } from "./shopify";
import type { AdminStore } from "./shopify/admin";

export interface AppWithDouble {
  harness: Harness;
  double: ShopifyDouble;
  clock: ManualClock;
  /** Waits until every webhook the double sent was answered and every job that is due has run (including those the jobs enqueued). */
  settle(): Promise<void>;
}

export async function startAppWithDouble(
  store: AdminStore,
  shop: { domain: string; token: string; scope: string; timezone: string; name: string; currency: string; email?: string },
  options: { clock?: ManualClock; envVars?: Record<string, string>; messageTickMs?: number } = {},
): Promise<AppWithDouble> {
  const clock = options.clock ?? new ManualClock(new Date());
  const port = await freePort();
  const harness = await startHarness({
    clock,
    ...(options.messageTickMs ? { messageTickMs: options.messageTickMs } : {}),
    envVars: { SHOPIFY_ADMIN_API_ORIGIN: `http://127.0.0.1:${port}/shops/{shop}`, ...options.envVars },
  });
  const double = await startShopifyDouble({
    port,
    appUrl: harness.url,
    apiKey: "test-api-key",
    apiSecret: TEST_SECRET,
    store,
    deliverWebhooks: true,
  });
  const db = harness.runtime.db;
  await markInstalled(db, shop.domain, "read_orders", clock);
  await db.shop.update({
    where: { shop: shop.domain },
    data: { timezone: shop.timezone, name: shop.name, currency: shop.currency, ...(shop.email ? { email: shop.email } : {}) },
  });
  await db.session.create({
    data: { id: `offline_${shop.domain}`, shop: shop.domain, state: "", accessToken: shop.token, scope: shop.scope },
  });
  const settle = async () => {
    const deadline = Date.now() + 20_000;
    for (let quiet = 0; quiet < 2;) {
      await Promise.allSettled(double.deliveries);
      await harness.drain();
      const t = await harness.runtime.jobs.totals();
      quiet = t.queued + t.running === 0 ? quiet + 1 : 0;
      if (Date.now() > deadline) throw new Error(`jobs still running after 20 s: ${JSON.stringify(t)}`);
      await new Promise((r) => setTimeout(r, quiet ? 30 : 20));
    }
  };
  return { harness, double, clock, settle };
}
