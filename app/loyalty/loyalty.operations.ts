// Admin API operations of the loyalty program: the products' tags and collections (exclusions),
// reward codes (an amount, a percentage, a free product, free shipping: single-use and bound to
// the customer), store credit, looking a code up and deactivating it, and the customer metafields
// that mirror the balance and tier for Liquid. The app targets API 2026-10, where a discount's
// customers are given in `context` (newer than the 2025-01 oracle's `customerSelection`).
import { defineOperation } from "~/platform/shopify-operation";

interface UserError {
  field: string[] | null;
  message: string;
  code?: string | null;
}

export const ProductsForEarning = defineOperation<
  { nodes: ({ id: string; tags: string[]; collections: { nodes: { id: string }[] } } | null)[] },
  { ids: string[] }
>(
  "ProductsForEarning",
  `query ProductsForEarning($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Product { id tags collections(first: 100) { nodes { id } } }
    }
  }`,
);

export interface RewardCodeCommon {
  title: string;
  code: string;
  startsAt: string;
  usageLimit: number;
  appliesOncePerCustomer: boolean;
  context: { customers: { add: string[] } };
  combinesWith: { orderDiscounts: boolean; productDiscounts: boolean; shippingDiscounts: boolean };
  minimumRequirement?: { subtotal: { greaterThanOrEqualToSubtotal: string } } | null;
}

export const RewardDiscountCreate = defineOperation<
  { discountCodeBasicCreate: { codeDiscountNode: { id: string } | null; userErrors: UserError[] } },
  {
    basicCodeDiscount: RewardCodeCommon & {
      customerGets: {
        value: { percentage: number } | { discountAmount: { amount: string; appliesOnEachItem: boolean } };
        items: { all: true } | { products: { productVariantsToAdd: string[] } };
      };
    };
  }
>(
  "RewardDiscountCreate",
  `mutation RewardDiscountCreate($basicCodeDiscount: DiscountCodeBasicInput!) {
    discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) {
      codeDiscountNode { id }
      userErrors { field message code }
    }
  }`,
);

export const RewardFreeShippingCreate = defineOperation<
  { discountCodeFreeShippingCreate: { codeDiscountNode: { id: string } | null; userErrors: UserError[] } },
  { freeShippingCodeDiscount: RewardCodeCommon & { destination: { all: true } } }
>(
  "RewardFreeShippingCreate",
  `mutation RewardFreeShippingCreate($freeShippingCodeDiscount: DiscountCodeFreeShippingInput!) {
    discountCodeFreeShippingCreate(freeShippingCodeDiscount: $freeShippingCodeDiscount) {
      codeDiscountNode { id }
      userErrors { field message code }
    }
  }`,
);

export const RewardStoreCredit = defineOperation<
  {
    storeCreditAccountCredit: {
      storeCreditAccountTransaction: { id: string } | null;
      userErrors: UserError[];
    };
  },
  { id: string; creditInput: { creditAmount: { amount: string; currencyCode: string } } }
>(
  "RewardStoreCredit",
  `mutation RewardStoreCredit($id: ID!, $creditInput: StoreCreditAccountCreditInput!) {
    storeCreditAccountCredit(id: $id, creditInput: $creditInput) {
      storeCreditAccountTransaction { id }
      userErrors { field message code }
    }
  }`,
);

export const RewardCodeLookup = defineOperation<{ codeDiscountNodeByCode: { id: string } | null }, { code: string }>(
  "RewardCodeLookup",
  `query RewardCodeLookup($code: String!) {
    codeDiscountNodeByCode(code: $code) { id }
  }`,
);

export const RewardCodeDeactivate = defineOperation<
  { discountCodeDeactivate: { codeDiscountNode: { id: string } | null; userErrors: UserError[] } },
  { id: string }
>(
  "RewardCodeDeactivate",
  `mutation RewardCodeDeactivate($id: ID!) {
    discountCodeDeactivate(id: $id) {
      codeDiscountNode { id }
      userErrors { field message code }
    }
  }`,
);

export const LoyaltyMetafieldsSet = defineOperation<
  { metafieldsSet: { metafields: { key: string }[] | null; userErrors: UserError[] } },
  { metafields: { ownerId: string; namespace: string; key: string; type: string; value: string }[] }
>(
  "LoyaltyMetafieldsSet",
  `mutation LoyaltyMetafieldsSet($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      metafields { key }
      userErrors { field message code }
    }
  }`,
);
