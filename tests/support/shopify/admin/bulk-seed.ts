// Fast, deterministic bulk data for one shop: tens of thousands of orders (with customers and a small
// catalogue) in every after-sales state, created without webhooks, for bulk-export tests and benchmarks.
import { fromMinor, isoUtc } from "./ids";
import type { AdminStore } from "./store";
import type { CustomerRecord } from "./store-types";

export interface BulkSeedOptions {
  orders: number;
  linesPerOrder?: number;
  /** Orders are spread evenly from here to the store's now. */
  since: Date | string | number;
  /** Defaults to one customer per five orders (at most 20,000). */
  customers?: number;
  products?: number;
  seed?: number;
}

export interface BulkSeedSummary {
  products: number;
  customers: number;
  orders: number;
  lineItems: number;
  fulfilled: number;
  delivered: number;
  refunded: number;
  cancelled: number;
  elapsedMs: number;
}

const DAY = 86_400_000;

function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Adds `orders` orders of `linesPerOrder` distinct variants each to `shop` (created if missing), spread
 * from `since` to now: about 60% shipped with tracking (most of those delivered), 5% refunded in full, 3%
 * cancelled, the rest unfulfilled. No change events are emitted.
 */
export function seedBulkOrders(store: AdminStore, shop: string, options: BulkSeedOptions): BulkSeedSummary {
  const started = performance.now();
  const random = prng(options.seed ?? 7);
  const linesPerOrder = options.linesPerOrder ?? 5;
  const productCount = Math.max(options.products ?? 40, Math.ceil(linesPerOrder / 2));
  const customerCount = options.customers ?? Math.max(1, Math.min(20_000, Math.ceil(options.orders / 5)));
  const since = new Date(options.since).getTime();
  const now = store.now().getTime();
  const span = Math.max(0, now - since);
  const at = (ms: number) => isoUtc(new Date(Math.min(ms, now)));
  const summary: BulkSeedSummary = {
    products: productCount,
    customers: customerCount,
    orders: options.orders,
    lineItems: 0,
    fulfilled: 0,
    delivered: 0,
    refunded: 0,
    cancelled: 0,
    elapsedMs: 0,
  };

  store.upsertShop(shop);
  store.withoutEvents(() => {
    const batch = store.nextNumericId();
    const variants = Array.from({ length: productCount }, (_, p) =>
      store.createProduct(shop, {
        title: `Bulk product ${p + 1}`,
        handle: `bulk-product-${batch}-${p + 1}`,
        vendor: "Bulk",
        createdAt: at(since - DAY),
        variants: [
          { title: "Small", sku: `BULK-${p + 1}-S`, price: fromMinor(1_000 + p * 150) },
          { title: "Large", sku: `BULK-${p + 1}-L`, price: fromMinor(2_000 + p * 150) },
        ],
      }),
    ).flatMap((product) => product.variantIds);

    const customers: CustomerRecord[] = [];
    for (let c = 0; c < customerCount; c++) {
      customers.push(
        store.createCustomer(shop, {
          email: `bulk.${batch}.${c + 1}@example.com`,
          firstName: `Klient${c + 1}`,
          lastName: "Hurtowy",
          locale: c % 3 === 0 ? "en" : "pl",
          marketingState: c % 2 === 0 ? "SUBSCRIBED" : "NOT_SUBSCRIBED",
          createdAt: at(since - DAY + Math.floor((c / customerCount) * span)),
        }),
      );
    }

    for (let i = 0; i < options.orders; i++) {
      const created = since + Math.floor((i / Math.max(1, options.orders)) * span);
      const first = Math.floor(random() * variants.length);
      const lineItems = Array.from({ length: linesPerOrder }, (_, l) => ({
        variantId: variants[(first + l) % variants.length],
        quantity: 1 + (random() < 0.2 ? 1 : 0),
      }));
      const order = store.createOrder(shop, {
        customerId: customers[i % customers.length].id,
        lineItems,
        shippingPrice: i % 2 === 0 ? "14.99" : "0",
        createdAt: at(created),
      });
      summary.lineItems += lineItems.length;
      const roll = random();
      if (roll < 0.03) {
        store.cancel(shop, order.id, { at: at(created + 3_600_000), reason: "customer" });
        summary.cancelled++;
      } else if (roll < 0.08) {
        store.refund(shop, order.id, { at: at(created + DAY), note: "Zwrot środków" });
        summary.refunded++;
      } else if (roll < 0.68) {
        const number = String(620_000_000_000 + i);
        const fulfillment = store.fulfill(shop, order.id, {
          at: at(created + DAY / 2),
          tracking: { company: "InPost", number, url: `https://inpost.pl/sledzenie-przesylek?number=${number}` },
        });
        summary.fulfilled++;
        if (created + 3 * DAY < now && random() < 0.85) {
          store.markDelivered(shop, fulfillment.id, at(created + 3 * DAY));
          summary.delivered++;
        }
      }
    }
  });
  summary.elapsedMs = Math.round(performance.now() - started);
  return summary;
}
