// Builds the Shopify global objects (`shop`, `customer` and `product` with their metafields, `request`, `routes`) for one
// storefront request, with every URL under `/shops/{shop}` so that the double's app proxy sits on the same origin.
import { Drop } from "liquidjs";
import type { StorefrontCustomer, StorefrontMetafield, StorefrontProduct, StorefrontShop } from "./types";

/**
 * A `rating` metafield's value as Liquid gives it: `.rating`, `.scale_min`, `.scale_max` as numbers; printed as
 * the rating (`{{ product.metafields.reviews.rating.value }}` → 4.6), as Dawn's product card prints it.
 */
export class LiquidRating extends Drop {
  constructor(
    readonly rating: number,
    readonly scale_min: number,
    readonly scale_max: number,
  ) {
    super();
  }

  override valueOf(): number {
    return this.rating;
  }

  toJSON() {
    return { rating: this.rating, scale_min: this.scale_min, scale_max: this.scale_max };
  }
}

export type LiquidMetafieldValue = string | number | boolean | LiquidRating | unknown[] | Record<string, unknown> | null;

/**
 * Liquid's metafield object: `.value` typed as Liquid gives it (a number for number types, a rating object for
 * `rating`, the parsed JSON for `json` and lists) and `.type`; printed as its value (`{{ m.reviews.rating_count }}`).
 */
export class LiquidMetafield extends Drop {
  constructor(
    readonly value: LiquidMetafieldValue,
    readonly type: string,
  ) {
    super();
  }

  override valueOf(): unknown {
    return this.value;
  }

  toJSON() {
    return this.value;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** The Admin API's rating (`{"value":"4.6","scale_min":"1.0","scale_max":"5.0"}`) as Liquid's rating object. */
function liquidRating(value: unknown): LiquidRating | null {
  const raw = (typeof value === "string" ? parseJson(value) : value) as Record<string, unknown> | null;
  const rating = Number(raw?.value);
  if (!raw || !Number.isFinite(rating)) return null;
  return new LiquidRating(rating, Number(raw.scale_min ?? 0), Number(raw.scale_max ?? 5));
}

function liquidValue(metafield: StorefrontMetafield): LiquidMetafieldValue {
  const { type, value } = metafield;
  if (type === "number_integer" || type === "number_decimal") return Number(value);
  if (type === "boolean") return value === "true";
  if (type === "rating") return liquidRating(value);
  if (type === "json") return parseJson(value) as LiquidMetafieldValue;
  if (type === "list.rating") return ((parseJson(value) as unknown[] | null) ?? []).map(liquidRating);
  if (type.startsWith("list.")) return (parseJson(value) as unknown[] | null) ?? [];
  return value;
}

export type LiquidMetafields = Record<string, Record<string, LiquidMetafield>>;

/**
 * Metafields by namespace and key, as Liquid reads them off a resource. An app-owned namespace is read as
 * `$app:reviews` whether the store kept that spelling or resolved it to Shopify's `app--{id}--reviews`.
 */
export function liquidMetafields(metafields: StorefrontMetafield[] = []): LiquidMetafields {
  const out: LiquidMetafields = {};
  for (const m of metafields) {
    const metafield = new LiquidMetafield(liquidValue(m), m.type);
    (out[m.namespace] ??= {})[m.key] = metafield;
    const appOwned = /^app--\d+--(.+)$/.exec(m.namespace);
    if (appOwned) (out[`$app:${appOwned[1]}`] ??= {})[m.key] = metafield;
  }
  return out;
}

export type LiquidCustomer = {
  id: string;
  email: string;
  first_name: string;
  last_name: string;
  name: string;
  has_account: boolean;
  /** `customer.metafields['$app:loyalty'].points.value` */
  metafields: LiquidMetafields;
};

/** Numeric id from `gid://shopify/Customer/123` or `123`, as a string so 64-bit ids stay exact. */
export function numericCustomerId(id: string | number): string | null {
  const match = /^(?:gid:\/\/shopify\/Customer\/)?(\d+)$/.exec(String(id).trim());
  return match ? match[1] : null;
}

export function liquidCustomer(numericId: string, known: StorefrontCustomer | undefined): LiquidCustomer {
  const first = known?.firstName ?? "";
  const last = known?.lastName ?? "";
  return {
    id: numericId,
    email: known?.email ?? "",
    first_name: first,
    last_name: last,
    name: [first, last].filter(Boolean).join(" ") || known?.email || "",
    has_account: true,
    metafields: liquidMetafields(known?.metafields),
  };
}

export function findCustomer(shop: StorefrontShop, numericId: string): StorefrontCustomer | undefined {
  return shop.customers?.find((customer) => numericCustomerId(customer.id) === numericId);
}

/** Numeric id from `gid://shopify/Product/123` or `123`, as a string so 64-bit ids stay exact. */
export function numericProductId(id: string | number | undefined): string | null {
  const match = /^(?:gid:\/\/shopify\/Product\/)?(\d+)$/.exec(String(id ?? "").trim());
  return match ? match[1] : null;
}

/** Liquid's image object (the double's images are square; Shopify gives the file's real size). */
export type LiquidImage = { src: string; alt: string; width: number; height: number; aspect_ratio: number };

export type LiquidProduct = {
  /** The numeric id, as a string so 64-bit ids stay exact ("" when the shop's product has none). */
  id: string;
  handle: string;
  title: string;
  url: string;
  description: string;
  featured_image: LiquidImage | null;
  /** `product.metafields.reviews.rating.value.rating`, `product.metafields['$app:reviews'].latest.value` */
  metafields: LiquidMetafields;
};

export const LIQUID_IMAGE_SIZE = 1024;

export function liquidProduct(product: StorefrontProduct, shopHandle: string): LiquidProduct {
  const image = product.image;
  return {
    id: numericProductId(product.id) ?? "",
    handle: product.handle,
    title: product.title,
    url: `${shopBasePath(shopHandle)}/products/${encodeURIComponent(product.handle)}`,
    description: product.description ?? "",
    featured_image: image ? { src: image.url, alt: image.alt, width: LIQUID_IMAGE_SIZE, height: LIQUID_IMAGE_SIZE, aspect_ratio: 1 } : null,
    metafields: liquidMetafields(product.metafields),
  };
}

/** A product's star rating from Shopify's standard metafields (reviews.rating, reviews.rating_count), if it has one. */
export function productRating(product: StorefrontProduct): { rating: number; scaleMax: number; count: number } | null {
  const fields = liquidMetafields(product.metafields).reviews ?? {};
  const rating = fields.rating?.value;
  if (!(rating instanceof LiquidRating)) return null;
  const count = fields.rating_count?.value;
  return { rating: rating.rating, scaleMax: rating.scale_max, count: typeof count === "number" ? count : 0 };
}

export function shopBasePath(shopHandle: string): string {
  return `/shops/${encodeURIComponent(shopHandle)}`;
}

export function liquidRoutes(shopHandle: string) {
  const base = shopBasePath(shopHandle);
  return {
    root_url: `${base}/`,
    account_url: `${base}/account`,
    account_login_url: `${base}/account/login`,
    account_logout_url: `${base}/account/logout`,
    account_register_url: `${base}/account/register`,
    account_addresses_url: `${base}/account/addresses`,
    collections_url: `${base}/collections`,
    all_products_collection_url: `${base}/collections/all`,
    search_url: `${base}/search`,
    cart_url: `${base}/cart`,
  };
}

const LOCALE_NAMES: Record<string, { name: string; endonym_name: string }> = {
  en: { name: "English", endonym_name: "English" },
  pl: { name: "Polish", endonym_name: "polski" },
};

export type StorefrontRequestFacts = {
  shopHandle: string;
  shop: StorefrontShop;
  locale: string;
  customer: LiquidCustomer | null;
  pageType: string;
  path: string;
  host?: string;
  /** The product a product page shows (Liquid's `product`); absent on other pages. */
  product?: LiquidProduct | null;
};

export function liquidGlobals(facts: StorefrontRequestFacts) {
  const { shopHandle, shop, locale } = facts;
  const base = shopBasePath(shopHandle);
  const primaryLocale = shop.locale ?? "en";
  const domain = shopHandle.includes(".") ? shopHandle : `${shopHandle}.myshopify.com`;
  return {
    shop: {
      name: shop.name,
      url: base,
      secure_url: base,
      domain,
      permanent_domain: domain,
      currency: shop.currency ?? "USD",
      locale: primaryLocale,
    },
    customer: facts.customer,
    ...(facts.product ? { product: facts.product } : {}),
    routes: liquidRoutes(shopHandle),
    request: {
      locale: {
        iso_code: locale,
        primary: locale === primaryLocale,
        // The double switches locale with `?locale=`, not a `/pl` path prefix, so every locale roots at the shop.
        root_url: base,
        ...(LOCALE_NAMES[locale] ?? { name: locale, endonym_name: locale }),
      },
      path: facts.path,
      host: facts.host ?? "",
      // Shopify's `request.origin` ("https://shop.example"); the double serves plain HTTP.
      origin: `http://${facts.host ?? "storefront.local"}`,
      page_type: facts.pageType,
      design_mode: false,
      visual_preview_mode: false,
    },
    settings: {},
  };
}
