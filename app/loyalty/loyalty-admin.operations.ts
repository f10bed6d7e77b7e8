// Admin API operations of the loyalty settings page: the product variants a free-product reward can
// give, found by the merchant's words, and the names of the variants the saved rewards give.
import { defineOperation } from "~/platform/shopify-operation";

export const LoyaltyVariantSearch = defineOperation<
  { products: { nodes: { id: string; title: string; variants: { nodes: { id: string; title: string }[] } }[] } },
  { query: string }
>(
  "LoyaltyVariantSearch",
  `query LoyaltyVariantSearch($query: String!) {
    products(first: 10, sortKey: TITLE, query: $query) {
      nodes { id title variants(first: 25) { nodes { id title } } }
    }
  }`,
);

export const LoyaltyVariantTitles = defineOperation<
  { nodes: ({ id: string; displayName: string } | Record<string, never> | null)[] },
  { ids: string[] }
>(
  "LoyaltyVariantTitles",
  `query LoyaltyVariantTitles($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on ProductVariant { id displayName }
    }
  }`,
);
