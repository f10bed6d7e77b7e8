// Public shapes of the storefront harness: the shops it serves, their customers and products (with their metafields), catalogue and checkout
// (purchases, with an optional discount code, and the orders they make), and the Node listener contract
// shared with the rest of the Shopify double.
import type { DoubleListener } from "../listener.js";

/** Handles the request and resolves true, or resolves false so the next listener can try. */
export type Listener = DoubleListener;

/** A metafield on a storefront resource, as the Admin API stores it (`value` is always a string there). */
export type StorefrontMetafield = { namespace: string; key: string; type: string; value: string };

export type StorefrontCustomer = {
  /** `gid://shopify/Customer/123` or `123`. */
  id: string | number;
  firstName?: string;
  lastName?: string;
  email?: string;
  /** What Liquid's `customer.metafields[namespace][key]` reads (e.g. the app's `$app:loyalty` mirror). */
  metafields?: StorefrontMetafield[];
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
  /** `gid://shopify/Product/123`; Liquid's `product.id` is its number (what the reviews block asks the app for). */
  id?: string;
  handle: string;
  title: string;
  /** Plain text; paragraphs separated by blank lines. */
  description?: string;
  image?: { url: string; alt: string };
  variants?: StorefrontVariant[];
  /** What Liquid's `product.metafields[namespace][key]` reads (reviews.rating, reviews.rating_count, the app's `$app:reviews`). */
  metafields?: StorefrontMetafield[];
};

export type StorefrontOrder = {
  name: string;
  /** The order status page's key (unguessable, as in Shopify's order status links). */
  token: string;
  lines: Array<{ title: string; variantTitle: string | null; quantity: number }>;
  /** Decimal string, shipping included. */
  total: string;
  currency: string;
  /** Shipping after discounts (decimal string); the confirmation shows it when given. */
  shipping?: string;
  /** Each discount code the order used and what it took off, line items and shipping together (decimal string). */
  discounts?: Array<{ code: string; amount: string }>;
};

/** What the product page's Buy form asks the shop for. */
export type StorefrontPurchase = {
  /** The signed-in customer: numeric id (or Customer GID). */
  customerId: string;
  variantId: string;
  quantity: number;
  /** What the shopper typed in the "Discount code" field (`discount_code`), trimmed; absent when left empty. */
  discountCode?: string;
};

/**
 * How the shop takes an order; without it products show no Buy button. When a discount code cannot be
 * applied, `buy` rejects with the store's DiscountCodeError and places nothing (the page answers 422 saying why).
 */
export type StorefrontCheckout = {
  /** Places the order as the signed-in customer; resolves once the shop has it. */
  buy(input: StorefrontPurchase): Promise<StorefrontOrder>;
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

/**
 * `page` is a merchant page under `/pages/{handle}` (the double serves `/pages/rewards`, where the loyalty block lives);
 * `returns` is the merchant's other page, `/pages/returns` (a `page` template too), where the returns block lives.
 */
export type PageKind = "home" | "product" | "collection" | "account" | "page" | "returns";

/**
 * Where a block sits on its page: `main` (after the page's own content, the default: a product page's reviews
 * below its description) or `title` (right under the page heading: a product page's star rating).
 */
export type BlockSlot = "title" | "main";

/** A block placed on a page: its file name in `blocks/`, settings overriding the schema defaults, and its slot. */
export type PlacedBlock = string | { block: string; settings?: Record<string, unknown>; slot?: BlockSlot };
