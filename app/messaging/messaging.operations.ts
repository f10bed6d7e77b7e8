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
  products: { nodes: { id: string; title: string }[] };
  collections: { nodes: { id: string; title: string }[] };
}>(
  "MessagingCatalog",
  `query MessagingCatalog {
    products(first: 250, sortKey: TITLE) { nodes { id title } }
    collections(first: 250, sortKey: TITLE) { nodes { id title } }
  }`,
);
