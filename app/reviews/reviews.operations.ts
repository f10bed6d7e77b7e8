// Admin API operations of the reviews capability: the product's standard rating metafields
// (reviews.rating, reviews.rating_count) and the app's latest-reviews metafield, their removal when
// the last review goes, the incentive's single-use code, and syndication to Shopify's standard
// product_review metaobject.
import { defineOperation } from "~/platform/shopify-operation";

interface UserError {
  field: string[] | null;
  message: string;
  code?: string | null;
}

interface MetafieldInput {
  ownerId: string;
  namespace: string;
  key: string;
  type: string;
  value: string;
}

export const ReviewMetafieldsSet = defineOperation<
  { metafieldsSet: { metafields: { key: string }[] | null; userErrors: UserError[] } },
  { metafields: MetafieldInput[] }
>(
  "ReviewMetafieldsSet",
  `mutation ReviewMetafieldsSet($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      metafields { key }
      userErrors { field message code }
    }
  }`,
);

export const ReviewMetafieldsDelete = defineOperation<
  { metafieldsDelete: { deletedMetafields: ({ key: string } | null)[] | null; userErrors: UserError[] } },
  { metafields: { ownerId: string; namespace: string; key: string }[] }
>(
  "ReviewMetafieldsDelete",
  `mutation ReviewMetafieldsDelete($metafields: [MetafieldIdentifierInput!]!) {
    metafieldsDelete(metafields: $metafields) {
      deletedMetafields { key namespace ownerId }
      userErrors { field message }
    }
  }`,
);

export const ReviewDiscountCreate = defineOperation<
  { discountCodeBasicCreate: { codeDiscountNode: { id: string } | null; userErrors: (UserError & { code: string | null })[] } },
  {
    basicCodeDiscount: {
      title: string;
      code: string;
      startsAt: string;
      endsAt: string;
      usageLimit: number;
      appliesOncePerCustomer: boolean;
      context: { customers: { add: string[] } } | { all: "ALL" };
      customerGets: { value: { percentage: number }; items: { all: boolean } };
      combinesWith?: { orderDiscounts: boolean; productDiscounts: boolean; shippingDiscounts: boolean };
    };
  }
>(
  "ReviewDiscountCreate",
  `mutation ReviewDiscountCreate($basicCodeDiscount: DiscountCodeBasicInput!) {
    discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) {
      codeDiscountNode { id }
      userErrors { field message code }
    }
  }`,
);

export const ProductReviewDefinitionEnable = defineOperation<
  {
    standardMetaobjectDefinitionEnable: {
      metaobjectDefinition: { id: string; type: string } | null;
      userErrors: UserError[];
    };
  },
  { type: string }
>(
  "ProductReviewDefinitionEnable",
  `mutation ProductReviewDefinitionEnable($type: String!) {
    standardMetaobjectDefinitionEnable(type: $type) {
      metaobjectDefinition { id type }
      userErrors { field message code }
    }
  }`,
);

export const ProductReviewUpsert = defineOperation<
  { metaobjectUpsert: { metaobject: { id: string; handle: string } | null; userErrors: UserError[] } },
  { handle: { type: string; handle: string }; metaobject: { fields: { key: string; value: string }[] } }
>(
  "ProductReviewUpsert",
  `mutation ProductReviewUpsert($handle: MetaobjectHandleInput!, $metaobject: MetaobjectUpsertInput!) {
    metaobjectUpsert(handle: $handle, metaobject: $metaobject) {
      metaobject { id handle }
      userErrors { field message code }
    }
  }`,
);

export const ProductReviewDelete = defineOperation<
  { metaobjectDelete: { deletedId: string | null; userErrors: UserError[] } },
  { id: string }
>(
  "ProductReviewDelete",
  `mutation ProductReviewDelete($id: ID!) {
    metaobjectDelete(id: $id) {
      deletedId
      userErrors { field message code }
    }
  }`,
);
