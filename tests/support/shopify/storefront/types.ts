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

export type StorefrontProduct = { handle: string; title: string };

export type StorefrontShop = {
  name: string;
  /** The shop's primary locale (`en`, `pl`); shoppers may switch to any locale the extension ships. */
  locale?: string;
  currency?: string;
  customers?: StorefrontCustomer[];
  products?: StorefrontProduct[];
};

/** Looks a shop up by the `{shop}` path segment; nothing means "not a shop this storefront serves". */
export type ShopResolver = (
  shop: string,
) => StorefrontShop | null | undefined | Promise<StorefrontShop | null | undefined>;

export type PageKind = "home" | "product" | "collection" | "account";

/** A block placed on a page: its file name in `blocks/` and settings overriding the schema defaults. */
export type PlacedBlock = string | { block: string; settings?: Record<string, unknown> };
