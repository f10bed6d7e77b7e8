// How the messaging engine reaches Shopify: the Admin API (consent write-back, discount codes, a
// product's collections) with the shop's offline token, and the Storefront API (recommendations,
// product cards) with the app's own Storefront token, created on first use and kept on the shop.
import { ClientError, GraphQLClient } from "graphql-request";
import type { Db } from "~/platform/db.server";
import { AppError } from "~/platform/errors";
import { adminClientForShop, type AdminClient } from "~/platform/shopify-admin.server";
import { adminOrigin } from "~/platform/shopify-origin.server";
import type { Operation } from "~/platform/shopify-operation";
import type { Locale } from "~/i18n/locale";
import { StorefrontAccessTokenCreate } from "./messaging.operations";
import { STOREFRONT_API_VERSION, StorefrontProducts } from "./recommendations.storefront";

export interface ShopifyConfig {
  apiVersion: string;
  originTemplate: string;
}

export function admin(db: Db, shop: string, config: ShopifyConfig): Promise<AdminClient> {
  return adminClientForShop(db, shop, config);
}

async function storefrontToken(db: Db, shop: string, config: ShopifyConfig, fresh: boolean): Promise<string> {
  if (!fresh) {
    const row = await db.shop.findUnique({ where: { shop }, select: { storefrontToken: true } });
    if (row?.storefrontToken) return row.storefrontToken;
  }
  const client = await admin(db, shop, config);
  const { storefrontAccessTokenCreate: r } = await client.request(StorefrontAccessTokenCreate, {
    input: { title: "Aftercare recommendations" },
  });
  const token = r.storefrontAccessToken?.accessToken;
  if (!token)
    throw new AppError(
      "SHOPIFY_GRAPHQL_ERROR",
      `storefrontAccessTokenCreate: ${r.userErrors.map((e) => e.message).join("; ") || "no token"}`,
    );
  await db.shop.updateMany({ where: { shop }, data: { storefrontToken: token } });
  return token;
}

/** Runs a Storefront API operation for the shop; a token Shopify no longer accepts is replaced once. */
export async function storefront<R, V>(db: Db, shop: string, config: ShopifyConfig, op: Operation<R, V>, variables: V): Promise<R> {
  const endpoint = `${adminOrigin(config.originTemplate, shop)}/api/${STOREFRONT_API_VERSION}/graphql.json`;
  for (let attempt = 0; ; attempt++) {
    const token = await storefrontToken(db, shop, config, attempt > 0);
    const client = new GraphQLClient(endpoint, { headers: { "X-Shopify-Storefront-Access-Token": token, "User-Agent": "Aftercare" } });
    try {
      return await client.request<R>(op.document, variables as Record<string, unknown>);
    } catch (error) {
      const status = error instanceof ClientError ? error.response.status : 0;
      if ((status === 401 || status === 403) && attempt === 0) continue;
      if (status === 0 || status === 429 || status >= 500) {
        throw new AppError("SHOPIFY_UNAVAILABLE", `Storefront API ${op.name}: ${(error as Error).message.slice(0, 300)}`);
      }
      throw new AppError("SHOPIFY_GRAPHQL_ERROR", `Storefront API ${op.name}: ${(error as Error).message.slice(0, 300)}`);
    }
  }
}

/** The Storefront API's language code for a customer's locale (product titles and URLs in their language). */
export const STOREFRONT_LANGUAGE: Record<Locale, string> = { en: "EN", pl: "PL" };

/**
 * Product GID → its featured image, for the items of an email. Pictures are a nicety: when the
 * Storefront API cannot help, the email goes without them (an empty map).
 */
export async function productImages(
  db: Db,
  shop: string,
  config: ShopifyConfig,
  productGids: string[],
  locale: Locale,
): Promise<Map<string, string | null>> {
  const images = new Map<string, string | null>();
  if (!productGids.length) return images;
  try {
    const { nodes } = await storefront(db, shop, config, StorefrontProducts, {
      ids: [...new Set(productGids)],
      language: STOREFRONT_LANGUAGE[locale],
    });
    for (const n of nodes) if (n) images.set(n.id, n.featuredImage?.url ?? null);
  } catch {
    // Without pictures.
  }
  return images;
}
