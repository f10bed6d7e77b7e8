// Public shapes of the storefront harness: the shops it serves, their customers, and the
// Node listener contract shared with the rest of the Shopify double.
import type { DoubleListener } from "../listener.js";

/** Handles the request and resolves true, or resolves false so the next listener can try. */
export type Listener = DoubleListener;

export type StorefrontCustomer = {
  /** `gid://shopify/Customer/123` or `123`. */
  id: string | number;
  firstName?: string;
  lastName?: string;
  email?: string;
};

export type StorefrontVariant = {
  /** `gid://shopify/ProductVariant/…`; what the Buy form sends. */
  id: string;
  /** Shopify's "Default Title" for a product without options. */
  title: string;
  /** Decimal string in the shop's currency, as the Admin API gives it ("189.00"). */
  price: string;
};

export type StorefrontProduct = {
  handle: string;
  title: string;
  /** Plain text; paragraphs separated by blank lines. */
  description?: string;
  image?: { url: string; alt: string };
  variants?: StorefrontVariant[];
};

export type StorefrontOrder = {
  name: string;
  /** The order status page's key (unguessable, as in Shopify's order status links). */
  token: string;
  lines: Array<{ title: string; variantTitle: string | null; quantity: number }>;
  /** Decimal string, shipping included. */
  total: string;
  currency: string;
};

/** How the shop takes an order; without it products show no Buy button. */
export type StorefrontCheckout = {
  /** Places the order as the signed-in customer (numeric id); resolves once the shop has it. */
  buy(input: { customerId: string; variantId: string; quantity: number }): Promise<StorefrontOrder>;
  /** The order with this status-page token, if any. */
  order(token: string): StorefrontOrder | null;
};

export type StorefrontShop = {
  name: string;
  /** The shop's primary locale (`en`, `pl`); shoppers may switch to any locale the extension ships. */
  locale?: string;
  currency?: string;
  customers?: StorefrontCustomer[];
  products?: StorefrontProduct[];
  checkout?: StorefrontCheckout;
};

/** Looks a shop up by the `{shop}` path segment; nothing means "not a shop this storefront serves". */
export type ShopResolver = (shop: string) => StorefrontShop | null | undefined | Promise<StorefrontShop | null | undefined>;

export type PageKind = "home" | "product" | "collection" | "account";

/** A block placed on a page: its file name in `blocks/` and settings overriding the schema defaults. */
export type PlacedBlock = string | { block: string; settings?: Record<string, unknown> };
