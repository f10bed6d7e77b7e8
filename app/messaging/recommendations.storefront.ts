// Storefront API operations (API version STOREFRONT_API_VERSION) the cross-sell reads products with:
// Shopify's own recommendations, and the products a merchant's rule names. Validated against the
// Storefront schema (the double's SDL and the oracle) by tests/double/storefront-operations.test.ts;
// named *.storefront.ts so the Admin API operations test does not take them for its own.
import { defineOperation } from "~/platform/shopify-operation";

export const STOREFRONT_API_VERSION = "2026-04";

export interface StorefrontProduct {
  id: string;
  title: string;
  handle: string;
  onlineStoreUrl: string | null;
  availableForSale: boolean;
  featuredImage: { url: string; altText: string | null } | null;
  priceRange: { minVariantPrice: { amount: string; currencyCode: string } };
}

const PRODUCT_FIELDS = `id title handle onlineStoreUrl availableForSale featuredImage { url altText } priceRange { minVariantPrice { amount currencyCode } }`;

export const ProductRecommendations = defineOperation<
  { productRecommendations: StorefrontProduct[] | null },
  { productId: string; intent: "COMPLEMENTARY" | "RELATED"; language: string }
>(
  "ProductRecommendations",
  `query ProductRecommendations($productId: ID!, $intent: ProductRecommendationIntent, $language: LanguageCode) @inContext(language: $language) {
    productRecommendations(productId: $productId, intent: $intent) { ${PRODUCT_FIELDS} }
  }`,
);

export const StorefrontProducts = defineOperation<{ nodes: (StorefrontProduct | null)[] }, { ids: string[]; language: string }>(
  "StorefrontProducts",
  `query StorefrontProducts($ids: [ID!]!, $language: LanguageCode) @inContext(language: $language) {
    nodes(ids: $ids) { ... on Product { ${PRODUCT_FIELDS} } }
  }`,
);
