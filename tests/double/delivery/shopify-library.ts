// Shopify's own library, configured as the app configures it, to judge what the double produces.
import "@shopify/shopify-api/adapters/node";
import { ApiVersion, LogSeverity, shopifyApi } from "@shopify/shopify-api";

export const API_KEY = "double-api-key";
export const API_SECRET = "double-api-secret";

export function shopifyLibrary(apiSecretKey = API_SECRET) {
  return shopifyApi({
    apiKey: API_KEY,
    apiSecretKey,
    hostName: "127.0.0.1:3000",
    hostScheme: "http",
    apiVersion: ApiVersion.October26,
    isEmbeddedApp: true,
    logger: { level: LogSeverity.Error, log: () => undefined },
  });
}
