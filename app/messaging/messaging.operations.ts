// Admin API operations of the messaging engine: the Storefront API token it reads recommendations
// with, the marketing-consent write-back after an unsubscribe, the cross-sell discount code, and the
// catalogue the admin pages offer for care links and cross-sell rules.
import { defineOperation } from "~/platform/shopify-operation";

interface UserError {
  field: string[] | null;
  message: string;
}

export const StorefrontAccessTokenCreate = defineOperation<
  { storefrontAccessTokenCreate: { storefrontAccessToken: { accessToken: string } | null; userErrors: UserError[] } },
  { input: { title: string } }
>(
  "StorefrontAccessTokenCreate",
  `mutation StorefrontAccessTokenCreate($input: StorefrontAccessTokenInput!) {
    storefrontAccessTokenCreate(input: $input) {
      storefrontAccessToken { accessToken }
      userErrors { field message }
    }
  }`,
);

export const CustomerEmailMarketingConsentUpdate = defineOperation<
  {
    customerEmailMarketingConsentUpdate: {
      customer: { id: string; emailMarketingConsent: { marketingState: string; consentUpdatedAt: string | null } | null } | null;
      userErrors: (UserError & { code: string | null })[];
    };
  },
  {
    input: {
      customerId: string;
      emailMarketingConsent: { marketingState: "UNSUBSCRIBED" | "SUBSCRIBED"; marketingOptInLevel?: string; consentUpdatedAt?: string };
    };
  }
>(
  "CustomerEmailMarketingConsentUpdate",
  `mutation CustomerEmailMarketingConsentUpdate($input: CustomerEmailMarketingConsentUpdateInput!) {
    customerEmailMarketingConsentUpdate(input: $input) {
      customer { id emailMarketingConsent { marketingState consentUpdatedAt } }
      userErrors { field message code }
    }
  }`,
);

export const CrossSellDiscountCreate = defineOperation<
  {
    discountCodeBasicCreate: {
      codeDiscountNode: { id: string } | null;
      userErrors: (UserError & { code: string | null })[];
    };
  },
  {
    basicCodeDiscount: {
      title: string;
      code: string;
      startsAt: string;
      endsAt: string;
      usageLimit: number;
      appliesOncePerCustomer: boolean;
      context: { customers: { add: string[] } };
      customerGets: { value: { percentage: number }; items: { all: boolean } };
      combinesWith?: { orderDiscounts: boolean; productDiscounts: boolean; shippingDiscounts: boolean };
    };
  }
>(
  "CrossSellDiscountCreate",
  `mutation CrossSellDiscountCreate($basicCodeDiscount: DiscountCodeBasicInput!) {
    discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) {
      codeDiscountNode { id }
      userErrors { field message code }
    }
  }`,
);

export const ProductCollections = defineOperation<
  { nodes: ({ id: string; collections: { nodes: { id: string }[] } } | null)[] },
  { ids: string[] }
>(
  "ProductCollections",
  `query ProductCollections($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Product { id collections(first: 50) { nodes { id } } }
    }
  }`,
);

export const MessagingCatalog = defineOperation<{
  products: { nodes: { id: string; title: string }[]; pageInfo: { hasNextPage: boolean } };
  collections: { nodes: { id: string; title: string }[]; pageInfo: { hasNextPage: boolean } };
}>(
  "MessagingCatalog",
  `query MessagingCatalog {
    products(first: 250, sortKey: TITLE) { nodes { id title } pageInfo { hasNextPage } }
    collections(first: 250, sortKey: TITLE) { nodes { id title } pageInfo { hasNextPage } }
  }`,
);

/** A catalogue too large to load whole is searched as the merchant types. */
export const MessagingCatalogSearch = defineOperation<
  { products: { nodes: { id: string; title: string }[] }; collections: { nodes: { id: string; title: string }[] } },
  { query: string }
>(
  "MessagingCatalogSearch",
  `query MessagingCatalogSearch($query: String!) {
    products(first: 25, sortKey: TITLE, query: $query) { nodes { id title } }
    collections(first: 25, sortKey: TITLE, query: $query) { nodes { id title } }
  }`,
);

/** Titles of the products and collections a shop's links and rules name (beyond a large catalogue's first page). */
export const CatalogTitles = defineOperation<
  { nodes: ({ id: string; title: string } | Record<string, never> | null)[] },
  { ids: string[] }
>(
  "CatalogTitles",
  `query CatalogTitles($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Product { id title }
      ... on Collection { id title }
    }
  }`,
);
