// A property test of the points ledger through the app's webhooks: random sequences of paid
// orders, partial and full refunds, cancellations and redemptions, with deliveries repeated and
// reordered as Shopify does. Whatever happens, each balance equals the sum of its entries and never
// goes below zero, and a repeated delivery changes nothing.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ledgerMismatches } from "~/loyalty/ledger.server";
import { loyaltyProgram, saveProgram } from "~/loyalty/program.server";
import { reserveRedemption } from "~/loyalty/redeem.server";
import { ManualClock } from "~/platform/clock";
import { markInstalled } from "~/shops/shops.server";
import { startHarness, type Harness } from "../support/app-harness";
import { PROGRAM } from "../support/loyalty-shop";

const SHOP = "wlasnosci-punktow.myshopify.com";
let h: Harness;
let run = 0;
let ids = 5_000_000;

beforeAll(async () => {
  h = await startHarness({ clock: new ManualClock(new Date("2026-11-20T10:00:00Z")) });
  await markInstalled(h.runtime.db, SHOP, "read_orders", h.runtime.clock);
  await h.runtime.db.shop.update({ where: { shop: SHOP }, data: { currency: "PLN" } });
  await saveProgram(h.runtime.db, SHOP, {
    ...PROGRAM,
    signupEnabled: false,
    rewards: [{ type: "fixed_amount", title: "10 zł", cost: 40, value: 1000, enabled: true }],
  });
}, 60_000);
afterAll(() => h?.stop());

interface Line {
  id: number;
  quantity: number;
  priceMinor: number;
}
interface OrderPlan {
  id: number;
  lines: Line[];
}
const money = (minor: number) => (minor / 100).toFixed(2);

const scenario = fc.record({
  orders: fc.array(
    fc.record({
      lines: fc.array(fc.record({ quantity: fc.integer({ min: 1, max: 3 }), priceMinor: fc.integer({ min: 500, max: 40_000 }) }), {
        minLength: 1,
        maxLength: 2,
      }),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  steps: fc.array(
    fc.oneof(
      fc.record({ kind: fc.constant("refund" as const), order: fc.nat(2), line: fc.nat(1), quantity: fc.integer({ min: 1, max: 2 }) }),
      fc.record({ kind: fc.constant("refundAll" as const), order: fc.nat(2) }),
      fc.record({ kind: fc.constant("cancel" as const), order: fc.nat(2) }),
      fc.record({ kind: fc.constant("redeem" as const) }),
    ),
    { maxLength: 6 },
  ),
  /** Indexes of deliveries sent twice, and a seed for the order they arrive in. */
  duplicates: fc.array(fc.nat(20), { maxLength: 4 }),
  shuffle: fc.boolean(),
});

interface Delivery {
  topic: string;
  payload: Record<string, unknown>;
}

function orderJson(customerId: number, o: OrderPlan, extra: Record<string, unknown> = {}) {
  const subtotal = o.lines.reduce((s, l) => s + l.quantity * l.priceMinor, 0);
  return {
    id: o.id,
    admin_graphql_api_id: `gid://shopify/Order/${o.id}`,
    name: `#P${o.id}`,
    email: "prop@example.com",
    currency: "PLN",
    total_price: money(subtotal + 1500),
    subtotal_price: money(subtotal),
    total_tax: "0.00",
    taxes_included: true,
    total_shipping_price_set: { shop_money: { amount: "15.00", currency_code: "PLN" } },
    financial_status: "paid",
    created_at: "2026-11-20T09:00:00Z",
    processed_at: "2026-11-20T09:00:00Z",
    updated_at: "2026-11-20T09:00:00Z",
    cancelled_at: null,
    customer: { id: customerId, admin_graphql_api_id: `gid://shopify/Customer/${customerId}` },
    line_items: o.lines.map((l) => ({
      id: l.id,
      admin_graphql_api_id: `gid://shopify/LineItem/${l.id}`,
      product_id: 1,
      variant_id: 2,
      title: "Kubek",
      quantity: l.quantity,
      price: money(l.priceMinor),
    })),
    ...extra,
  };
}

async function deliver(d: Delivery) {
  const r = await h.sendWebhook(d.topic, SHOP, d.payload);
  expect(r.status).toBe(200);
}

async function settle() {
  for (let quiet = 0; quiet < 2;) {
    await h.drain();
    const t = await h.runtime.jobs.totals();
    quiet = t.queued + t.running === 0 ? quiet + 1 : 0;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("the points ledger under random order histories", () => {
  it("keeps every balance equal to the sum of its entries, never negative, whatever arrives twice or out of order", async () => {
    const db = h.runtime.db;
    await fc.assert(
      fc.asyncProperty(scenario, async (sc) => {
        run++;
        const customerId = 880_000 + run;
        const customerGid = `gid://shopify/Customer/${customerId}`;
        const orders: OrderPlan[] = sc.orders.map((o) => ({
          id: ids++,
          lines: o.lines.map((l) => ({ ...l, id: ids++ })),
        }));
        // Every order is paid first (in Shopify's order of events); the rest follows in the plan's order.
        const deliveries: Delivery[] = orders.map((o) => ({ topic: "orders/paid", payload: orderJson(customerId, o) }));
        const refunded = new Map<number, number>();
        const redemptions: number[] = [];
        sc.steps.forEach((step, index) => {
          if (step.kind === "redeem") {
            redemptions.push(deliveries.length);
            return;
          }
          const o = orders[step.order % orders.length];
          if (step.kind === "cancel") {
            deliveries.push({
              topic: "orders/cancelled",
              payload: orderJson(customerId, o, {
                cancelled_at: "2026-11-20T11:00:00Z",
                updated_at: `2026-11-20T11:${String(index).padStart(2, "0")}:00Z`,
              }),
            });
            return;
          }
          const lines = step.kind === "refundAll" ? o.lines : [o.lines[step.line % o.lines.length]];
          const refundLines = lines.flatMap((l) => {
            const left = l.quantity - (refunded.get(l.id) ?? 0);
            const q = step.kind === "refundAll" ? left : Math.min(left, step.quantity);
            if (q <= 0) return [];
            refunded.set(l.id, (refunded.get(l.id) ?? 0) + q);
            return [{ line_item_id: l.id, quantity: q, amount: q * l.priceMinor }];
          });
          if (!refundLines.length) return;
          const refundId = ids++;
          deliveries.push({
            topic: "refunds/create",
            payload: {
              id: refundId,
              admin_graphql_api_id: `gid://shopify/Refund/${refundId}`,
              order_id: o.id,
              created_at: "2026-11-20T12:00:00Z",
              processed_at: "2026-11-20T12:00:00Z",
              refund_line_items: refundLines.map(({ line_item_id, quantity }) => ({ line_item_id, quantity })),
              transactions: [
                { amount: money(refundLines.reduce((s, l) => s + l.amount, 0)), currency: "PLN", kind: "refund", status: "success" },
              ],
            },
          });
        });
        for (const i of sc.duplicates) if (deliveries[i]) deliveries.push(deliveries[i]);
        if (sc.shuffle) deliveries.sort((a, b) => (JSON.stringify(a).length % 7) - (JSON.stringify(b).length % 7));

        const program = await loyaltyProgram(db, SHOP);
        const reward = program.rewards[0];
        for (let i = 0; i <= deliveries.length; i++) {
          for (const _ of redemptions.filter((at) => at === i)) {
            await reserveRedemption(db, { shop: SHOP, customerGid, requestKey: `prop-${run}-${i}-${_}`, reward }, h.runtime.clock.now());
          }
          if (deliveries[i]) await deliver(deliveries[i]);
          await settle();
          expect(await ledgerMismatches(db, SHOP, customerGid)).toEqual([]);
        }
        const before = await db.loyaltyEntry.findMany({
          where: { shop: SHOP, customerGid },
          orderBy: { id: "asc" },
          select: { key: true, points: true, pendingPoints: true },
        });
        // Everything again: Shopify repeating every delivery changes nothing.
        for (const d of deliveries) await deliver(d);
        await settle();
        const after = await db.loyaltyEntry.findMany({
          where: { shop: SHOP, customerGid },
          orderBy: { id: "asc" },
          select: { key: true, points: true, pendingPoints: true },
        });
        expect(after).toEqual(before);
        const member = await db.loyaltyMember.findUnique({ where: { shop_customerGid: { shop: SHOP, customerGid } } });
        expect(member?.balance ?? 0).toBeGreaterThanOrEqual(0);
        expect(member?.pending ?? 0).toBeGreaterThanOrEqual(0);
        // What the refunds took back never exceeds what the orders earned.
        const earned = before.filter((e) => e.key.startsWith("earn:")).reduce((s, e) => s + e.points + e.pendingPoints, 0);
        const reversed = -before.filter((e) => e.key.startsWith("reverse:")).reduce((s, e) => s + e.points + e.pendingPoints, 0);
        expect(reversed).toBeLessThanOrEqual(earned);
      }),
      { numRuns: 12, seed: 18, endOnFailure: true },
    );
  }, 300_000);
});
