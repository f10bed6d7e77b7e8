// The storefront's checkout and catalogue backed by the Admin double's store: a purchase is a real order placed
// through the store's checkout (discount code checked and counted, orders/create and orders/paid fired), and
// the shop's active products and customers (with their metafields: the app's loyalty mirror on customers, the reviews
// rating and the app's latest reviews on products) are what the pages show.
import { fromMinor, gid, toMinor } from "../admin/ids";
import type { AdminStore } from "../admin/store";
import type { OrderRecord } from "../admin/store-types";
import type { StorefrontCheckout, StorefrontMetafield, StorefrontOrder, StorefrontShop } from "./types";

export interface StoreCheckoutOptions {
  /** Flat shipping rate charged on every purchase (decimal string); the demo shop's is 14.99. */
  shippingPrice?: string;
  /** Runs once the order is placed, before the buyer sees the confirmation (e.g. until the app has its webhooks). */
  afterOrder?: (order: OrderRecord) => Promise<void>;
}

export const DEFAULT_SHIPPING_PRICE = "14.99";

/** What the confirmation page shows of an order: lines, codes with what each took off, shipping and total. */
export function storefrontOrderOf(store: AdminStore, order: OrderRecord): StorefrontOrder {
  return {
    name: order.name,
    token: order.token,
    lines: order.lineItems.map((l) => ({ title: l.title, variantTitle: l.variantTitle, quantity: l.quantity })),
    total: fromMinor(store.totalMinor(order)),
    currency: order.currency,
    shipping: fromMinor(toMinor(order.shippingPrice) - toMinor(order.shippingDiscountAmount)),
    discounts: order.discountApplications.map((a) => ({ code: a.code, amount: a.amount })),
  };
}

/**
 * A checkout that places orders in `shop` of the store with `checkoutOrder`: a discount code the shop cannot
 * apply rejects with DiscountCodeError and places nothing; an applied one counts a use.
 */
export function storeCheckout(store: AdminStore, shop: string, options: StoreCheckoutOptions = {}): StorefrontCheckout {
  return {
    async buy({ customerId, variantId, quantity, discountCode }) {
      const order = store.checkoutOrder(shop, {
        customerId: customerId.startsWith("gid://") ? customerId : gid("Customer", customerId),
        lineItems: [{ variantId, quantity }],
        shippingPrice: options.shippingPrice ?? DEFAULT_SHIPPING_PRICE,
        discountCodes: discountCode ? [discountCode] : [],
      });
      await options.afterOrder?.(order);
      return storefrontOrderOf(store, order);
    },
    order(token) {
      const order = store.allOrders(shop).find((o) => o.token === token);
      return order ? storefrontOrderOf(store, order) : null;
    },
  };
}

/** The shop as the storefront shows it: its name, language, currency, customers and active products (both with their metafields). */
export function storefrontShopOf(store: AdminStore, shop: string, checkout?: StorefrontCheckout): StorefrontShop {
  const data = store.shopData(shop);
  const metafields = new Map<string, StorefrontMetafield[]>();
  for (const m of Object.values(data.metafields)) {
    const list = metafields.get(m.ownerId) ?? [];
    list.push({ namespace: m.namespace, key: m.key, type: m.type, value: m.value });
    metafields.set(m.ownerId, list);
  }
  return {
    name: data.shop.name,
    locale: data.shop.locale,
    currency: data.shop.currencyCode,
    customers: store.allCustomers(shop).map((c) => ({
      id: c.id,
      firstName: c.firstName ?? undefined,
      lastName: c.lastName ?? undefined,
      email: c.email ?? undefined,
      metafields: metafields.get(c.id) ?? [],
    })),
    products: Object.values(data.products)
      .filter((p) => p.status === "ACTIVE")
      .map((p) => ({
        id: p.id,
        handle: p.handle,
        title: p.title,
        description: p.description,
        image: p.image ? { url: p.image.url, alt: p.image.altText ?? p.title } : undefined,
        variants: p.variantIds.map((id) => data.variants[id]).map((v) => ({ id: v.id, title: v.title, price: v.price })),
        metafields: metafields.get(p.id) ?? [],
      })),
    ...(checkout ? { checkout } : {}),
  };
}
