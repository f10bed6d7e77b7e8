// A shop with the loyalty program switched on, behind the Shopify double: the app harness (real
// database, real jobs), the double's Admin API and webhooks, a customer, and helpers to read the
// customer's ledger. Shared by the loyalty integration tests.
import type { ManualClock } from "~/platform/clock";
import { PROGRAM_DEFAULTS, saveProgram, type ProgramInput } from "~/loyalty/program.server";
import { forgetProgram } from "~/loyalty/shopper.server";
import type { Harness } from "./app-harness";
import { startAppWithDouble } from "./app-with-double";
import type { ShopifyDouble } from "./shopify";
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
  const { harness, double, clock, settle } = await startAppWithDouble(store, {
    domain: LOYALTY_SHOP,
    token: TOKEN,
    scope: "read_orders",
    timezone: "Europe/Warsaw",
    name: "Punkty Ceramika",
    currency: "PLN",
  });
  const db = harness.runtime.db;
  await saveProgram(db, LOYALTY_SHOP, { ...PROGRAM, ...program });
  forgetProgram(LOYALTY_SHOP);
  const sent: { shop: string; topic: string; payload: unknown }[] = [];
  store.on("change", (change: { shop: string; topic: string; payload: unknown }) => void sent.push(change));
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
