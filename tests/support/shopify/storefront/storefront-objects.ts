// Builds the Shopify global objects (`shop`, `customer` with its metafields, `request`, `routes`) for one
// storefront request, with every URL under `/shops/{shop}` so that the double's app proxy sits on the same origin.
import type { StorefrontCustomer, StorefrontMetafield, StorefrontShop } from "./types";

/** Liquid's metafield object: `value` typed as Liquid gives it (a number for number types), and the type. */
export type LiquidMetafield = { value: string | number | boolean; type: string };

export type LiquidCustomer = {
  id: string;
  email: string;
  first_name: string;
  last_name: string;
  name: string;
  has_account: boolean;
  /** `customer.metafields['$app:loyalty'].points.value` */
  metafields: Record<string, Record<string, LiquidMetafield>>;
};

function liquidValue(metafield: StorefrontMetafield): LiquidMetafield["value"] {
  if (metafield.type === "number_integer" || metafield.type === "number_decimal") return Number(metafield.value);
  if (metafield.type === "boolean") return metafield.value === "true";
  return metafield.value;
}

/** Metafields by namespace and key, as Liquid reads them off a resource. */
export function liquidMetafields(metafields: StorefrontMetafield[] = []): LiquidCustomer["metafields"] {
  const out: LiquidCustomer["metafields"] = {};
  for (const m of metafields) (out[m.namespace] ??= {})[m.key] = { value: liquidValue(m), type: m.type };
  return out;
}

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
      page_type: facts.pageType,
      design_mode: false,
      visual_preview_mode: false,
    },
    settings: {},
  };
}
