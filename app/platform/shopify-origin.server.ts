// Where a shop's Admin API lives. Production: https://{shop}. A deployment may point every shop
// at another origin with SHOPIFY_ADMIN_API_ORIGIN (the local Shopify double does); this module is
// the only place that knows, for both our own client and the Shopify library's OAuth calls.
import { abstractFetch, setAbstractFetchFunc } from "@shopify/shopify-api/runtime";

const DEFAULT_TEMPLATE = "https://{shop}";

export function adminOrigin(template: string, shop: string): string {
  return template.replace("{shop}", shop).replace(/\/$/, "");
}

/** Rewrites the Shopify library's requests to https://*.myshopify.com/admin/… onto the configured origin. */
export function routeShopifyLibraryRequests(template: string) {
  if (template === DEFAULT_TEMPLATE) return;
  const original = abstractFetch;
  setAbstractFetchFunc(((input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(typeof input === "string" || input instanceof URL ? input.toString() : input.url);
    if (url.protocol === "https:" && url.hostname.endsWith(".myshopify.com")) {
      const target = `${adminOrigin(template, url.hostname)}${url.pathname}${url.search}`;
      return original(target, init);
    }
    return original(input as string, init);
  }) as typeof abstractFetch);
}
