// A shop with the loyalty program switched on, behind the Shopify double: the app harness (real
// database, real jobs), the double's Admin API and webhooks, a customer, and helpers to read the
// customer's ledger. Shared by the loyalty integration tests.
import { ManualClock } from "~/platform/clock";
import { markInstalled } from "~/shops/shops.server";
import { PROGRAM_DEFAULTS, saveProgram, type ProgramInput } from "~/loyalty/program.server";
import { forgetProgram } from "~/loyalty/shopper.server";
import { freePort } from "./free-port";
import { startHarness, TEST_SECRET, type Harness } from "./app-harness";
import { startShopifyDouble, type ShopifyDouble } from "./shopify";
import { AdminStore, seedDemoShop } from "./shopify/admin";
import type { CustomerRecord } from "./shopify/admin/store-types";

export const LOYALTY_SHOP = "punkty-ceramika.myshopify.com";
const TOKEN = "shpat_loyalty_test";

export const PROGRAM: ProgramInput = {
  ...PROGRAM_DEFAULTS,
  enabled: true,
  pendingDays: 14,
  tiers: [],
  rewards: [
    { type: "fixed_amount", title: "20 zł off", cost: 200, value: 2000, enabled: true },
    { type: "free_shipping", title: "Free shipping", cost: 150, value: 0, enabled: true },
  ],
};

export interface LoyaltyShop {
  store: AdminStore;
  clock: ManualClock;
  harness: Harness;
  double: ShopifyDouble;
  customer: CustomerRecord;
  /** Sends every webhook the double has sent so far once more, under new webhook ids (Shopify repeating itself). */
  redeliverAll(): Promise<void>;
  /** Waits until every webhook the double sent was answered and every job has run. */
  settle(): Promise<void>;
  member(customerGid?: string): Promise<{ balance: number; pending: number; tierId: string | null } | null>;
  entries(customerGid?: string): Promise<{ key: string; kind: string; points: number; pendingPoints: number; reason: string }[]>;
  stop(): Promise<void>;
}

export async function startLoyaltyShop(program: Partial<ProgramInput> = {}, options: { seedOrders?: number } = {}): Promise<LoyaltyShop> {
  const store = new AdminStore();
  seedDemoShop(store, LOYALTY_SHOP, { now: Date.now(), orders: options.seedOrders ?? 0, customers: 3, seed: 11 });
  store.install(LOYALTY_SHOP, {
    accessToken: TOKEN,
    scope:
      "read_orders,read_customers,write_customers,read_products,read_fulfillments,write_discounts,write_store_credit_account_transactions",
  });
  const clock = new ManualClock(new Date());
  const port = await freePort();
  const harness = await startHarness({ clock, envVars: { SHOPIFY_ADMIN_API_ORIGIN: `http://127.0.0.1:${port}/shops/{shop}` } });
  const double = await startShopifyDouble({
    port,
    appUrl: harness.url,
    apiKey: "test-api-key",
    apiSecret: TEST_SECRET,
    store,
    deliverWebhooks: true,
  });
  const db = harness.runtime.db;
  await markInstalled(db, LOYALTY_SHOP, "read_orders", clock);
  await db.shop.update({ where: { shop: LOYALTY_SHOP }, data: { timezone: "Europe/Warsaw", name: "Punkty Ceramika", currency: "PLN" } });
  await db.session.create({
    data: { id: `offline_${LOYALTY_SHOP}`, shop: LOYALTY_SHOP, state: "", accessToken: TOKEN, scope: "read_orders" },
  });
  await saveProgram(db, LOYALTY_SHOP, { ...PROGRAM, ...program });
  forgetProgram(LOYALTY_SHOP);
  const sent: { shop: string; topic: string; payload: unknown }[] = [];
  store.on("change", (change: { shop: string; topic: string; payload: unknown }) => void sent.push(change));
  // Webhooks answered, then every job that is due has run (including those the jobs enqueued).
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
  const customer = store.createCustomer(LOYALTY_SHOP, {
    email: "marta.kowalska@example.pl",
    firstName: "Marta",
    lastName: "Kowalska",
    locale: "pl",
    marketingState: "SUBSCRIBED",
  });
  await settle();
  return {
    store,
    clock,
    harness,
    double,
    customer,
    settle,
    async redeliverAll() {
      for (const c of [...sent]) await double.sender.deliver(c.shop, c.topic, c.payload);
      await settle();
    },
    member: (gid = customer.id) =>
      db.loyaltyMember.findUnique({
        where: { shop_customerGid: { shop: LOYALTY_SHOP, customerGid: gid } },
        select: { balance: true, pending: true, tierId: true },
      }),
    entries: (gid = customer.id) =>
      db.loyaltyEntry.findMany({
        where: { shop: LOYALTY_SHOP, customerGid: gid },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: { key: true, kind: true, points: true, pendingPoints: true, reason: true },
      }),
    async stop() {
      await harness.stop();
      await double.close();
    },
  };
}
