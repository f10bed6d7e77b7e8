// The one place that configures the Shopify library: API version, scopes, session storage,
// and what happens right after a merchant installs or opens the app.
import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { db } from "./platform/db.server";
import { env } from "./platform/env.server";
import { routeShopifyLibraryRequests } from "./platform/shopify-origin.server";
import { SHOPIFY_API_VERSION } from "./platform/shopify-api-version";
import { runtime } from "./runtime.server";
import { SYNC_SHOP_JOB } from "./shops/sync-shop-job.server";
import { markInstalled } from "./shops/shops.server";
import { latestBackfill, startBackfill } from "./history/backfill.server";

export const API_VERSION = ApiVersion.October26 satisfies `${typeof SHOPIFY_API_VERSION}`;

const config = env();
routeShopifyLibraryRequests(config.SHOPIFY_ADMIN_API_ORIGIN);

const shopify = shopifyApp({
  apiKey: config.SHOPIFY_API_KEY,
  apiSecretKey: config.SHOPIFY_API_SECRET,
  apiVersion: API_VERSION,
  scopes: config.SCOPES.split(","),
  appUrl: config.SHOPIFY_APP_URL,
  authPathPrefix: "/auth",
  sessionStorage: new PrismaSessionStorage(db()),
  distribution: AppDistribution.AppStore,
  // Embedded auth by token exchange (Shopify-managed installation), as Shopify recommends.
  future: { unstable_newEmbeddedAuthStrategy: true },
  hooks: {
    afterAuth: async ({ session }) => {
      const rt = await runtime();
      await markInstalled(rt.db, session.shop, session.scope ?? null, rt.clock);
      await rt.jobs.enqueue(
        SYNC_SHOP_JOB,
        { shop: session.shop },
        { key: `shop-sync:${session.shop}:${session.scope ?? ""}`, shop: session.shop },
      );
      // A new shop's history comes in once, on install; later imports are the merchant's choice.
      if (!(await latestBackfill(rt.db, session.shop))) await startBackfill(rt, session.shop, { requestedBy: "install" });
    },
  },
  ...(config.SHOP_CUSTOM_DOMAIN ? { customShopDomains: [config.SHOP_CUSTOM_DOMAIN] } : {}),
});

export default shopify;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const sessionStorage = shopify.sessionStorage;
