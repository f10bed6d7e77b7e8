// The bulk queries Aftercare's history import sends (taken from the app, so they cannot drift), and a
// customers query with a search: the double must run them, and they must be valid against Shopify's real schema.
import { historyQuery } from "~/history/history.queries";

const SINCE = new Date("2025-11-26T00:00:00Z");
export const CUSTOMERS_QUERY = `{
  customers(query: "updated_at:>='2025-11-26T00:00:00Z'") {
    edges { node {
      id email firstName lastName locale createdAt updatedAt
      emailMarketingConsent { marketingState consentUpdatedAt }
    } }
  }
}`;
/** The customers query exactly as the app sends it (no search: every customer). */
export const ALL_CUSTOMERS_QUERY = historyQuery("customers", SINCE);
/** The orders query exactly as the app sends it, for orders created since 2025-11-26. */
export const ORDERS_QUERY = historyQuery("orders", SINCE);
